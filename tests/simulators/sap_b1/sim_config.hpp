// The simulator's settings: where it listens, which roots it serves, the company it pretends to be.
#pragma once

#include "tests/simulators/sap_b1/seed.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace mlc::sim::sap {

struct sim_config {
    std::string listen_host = "127.0.0.1";  // --listen host part
    std::uint16_t listen_port = 0;          // --listen port part (0: any free port)
    std::size_t threads = 2;                // threads running the io_context
    seed_options seed;                      // --seed, --orders, --items, --partners: the data at start
    std::chrono::milliseconds session_timeout{
        std::chrono::minutes(30)};         // --session-timeout-seconds: idle expiry
    bool serve_v1 = true;                  // --version v1|v2|both: /b1s/v1 (OData v3) is served
    bool serve_v2 = true;                  // /b1s/v2 (OData v4) is served
    std::string company_db = "SBODEMOUS";  // --company-db: the only CompanyDB Login accepts
    std::string user = "manager";          // --user: the only UserName Login accepts
    std::string password = "manager";      // --password: its password
    std::string sl_version = "1000191";    // "Version" in the Login answer
    std::size_t default_page_size = 20;    // b1s.conf PageSize: rows per page without a Prefer header
    std::string route_id = ".node1";       // the ROUTEID cookie value
    // --v2-date-literal quoted|iso: the one date form v2 filters accept ('2025-08-20', or the unquoted
    // 2025-08-20T00:00:00Z); v1 always takes the quoted forms. Seeds company_rules::v2_iso_date_literal.
    bool v2_iso_date_literal = false;
    // --batch-property BatchNumbers|BatchNumberProperty: WCFCompatible mode names DocumentLine's batch
    // collection BatchNumberProperty ($metadata, writes and reads). Seeds
    // company_rules::batch_number_property.
    bool batch_number_property = false;
};

}  // namespace mlc::sim::sap

// sap-b1-sim: the Service Layer simulator as a program, for the demo, the benchmarks and manual testing.
#include "tests/simulators/sap_b1/simulator.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <charconv>
#include <csignal>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

using mlc::sim::sap::sim_config;

constexpr std::string_view usage = R"(usage: sap-b1-sim [options]
  --listen HOST:PORT              address to listen on (default 127.0.0.1:50000; port 0: any free port)
  --seed N                        seed of the generated data (default 1)
  --orders N --items N --partners N   amount of generated data (default 50, 20, 10)
  --session-timeout-seconds N     idle timeout of a session (default 1800)
  --version v1|v2|both            which roots to serve (default both)
  --company-db NAME --user NAME --password TEXT   the credentials Login accepts (default SBODEMOUS/manager/manager)
  --page-size N                   default page size (default 20)
  --v2-date-literal quoted|iso    the one date form v2 filters take: '2025-08-20' or 2025-08-20T00:00:00Z
                                  (default quoted; v1 always takes the quoted forms)
  --batch-property BatchNumbers|BatchNumberProperty   document lines' batch collection (default
                                  BatchNumbers; BatchNumberProperty is WCFCompatible mode)
  --log-level debug|info|warn|error
  --help
Serves /b1s/v1 and /b1s/v2 like SAP Business One Service Layer, and /_control/ to drive it.
Prints "listening on HOST:PORT" on stdout once ready; stops on SIGINT or SIGTERM.
)";

long long number(std::string_view flag, std::string_view text) {
    long long v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || v < 0)
        throw std::invalid_argument(std::string(flag) + " needs a non-negative integer, got '" +
                                    std::string(text) + "'");
    return v;
}

mlc::log_level parse_level(std::string_view text) {
    if (text == "debug") return mlc::log_level::debug;
    if (text == "info") return mlc::log_level::info;
    if (text == "warn") return mlc::log_level::warn;
    if (text == "error") return mlc::log_level::error;
    throw std::invalid_argument("--log-level must be debug, info, warn or error");
}

// nullopt means --help.
std::optional<sim_config> parse_args(int argc, char** argv, mlc::log_level& level) {
    sim_config cfg;
    cfg.listen_port = 50000;
    for (int i = 1; i < argc; ++i) {
        std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") return std::nullopt;
        if (i + 1 >= argc) throw std::invalid_argument(std::string(flag) + " needs a value (see --help)");
        std::string_view value = argv[++i];
        if (flag == "--listen") {
            auto colon = value.rfind(':');
            if (colon == std::string_view::npos) throw std::invalid_argument("--listen needs HOST:PORT");
            cfg.listen_host = std::string(value.substr(0, colon));
            long long port = number(flag, value.substr(colon + 1));
            if (port > 65535) throw std::invalid_argument("--listen port out of range");
            cfg.listen_port = static_cast<std::uint16_t>(port);
        } else if (flag == "--seed") {
            cfg.seed.seed = static_cast<std::uint64_t>(number(flag, value));
        } else if (flag == "--orders") {
            cfg.seed.orders = static_cast<int>(number(flag, value));
        } else if (flag == "--items") {
            cfg.seed.items = static_cast<int>(number(flag, value));
        } else if (flag == "--partners") {
            cfg.seed.partners = static_cast<int>(number(flag, value));
        } else if (flag == "--session-timeout-seconds") {
            long long s = number(flag, value);
            if (s == 0) throw std::invalid_argument("--session-timeout-seconds must be positive");
            cfg.session_timeout = std::chrono::seconds(s);
        } else if (flag == "--version") {
            if (value != "v1" && value != "v2" && value != "both")
                throw std::invalid_argument("--version must be v1, v2 or both");
            cfg.serve_v1 = value != "v2";
            cfg.serve_v2 = value != "v1";
        } else if (flag == "--company-db") {
            cfg.company_db = value;
        } else if (flag == "--user") {
            cfg.user = value;
        } else if (flag == "--password") {
            cfg.password = value;
        } else if (flag == "--page-size") {
            cfg.default_page_size = static_cast<std::size_t>(number(flag, value));
        } else if (flag == "--v2-date-literal") {
            if (value != "quoted" && value != "iso")
                throw std::invalid_argument("--v2-date-literal must be quoted or iso");
            cfg.v2_iso_date_literal = value == "iso";
        } else if (flag == "--batch-property") {
            if (value != "BatchNumbers" && value != "BatchNumberProperty")
                throw std::invalid_argument("--batch-property must be BatchNumbers or BatchNumberProperty");
            cfg.batch_number_property = value == "BatchNumberProperty";
        } else if (flag == "--log-level") {
            level = parse_level(value);
        } else {
            throw std::invalid_argument("unknown option " + std::string(flag) + " (see --help)");
        }
    }
    return cfg;
}

}  // namespace

int main(int argc, char** argv) {
    mlc::log_level level = mlc::log_level::info;
    std::optional<sim_config> cfg;
    try {
        cfg = parse_args(argc, argv, level);
    } catch (const std::exception& e) {
        std::cerr << "sap-b1-sim: " << e.what() << "\n";
        return 2;
    }
    if (!cfg) {
        std::cout << usage;
        return 0;
    }
    try {
        mlc::sim::sap::simulator sim(*cfg, std::cerr, level);
        sim.start();
        std::cout << "listening on " << cfg->listen_host << ":" << sim.port() << std::endl;
        boost::asio::io_context signals_ioc;
        boost::asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
        signals.async_wait([](const boost::system::error_code&, int) {});
        signals_ioc.run();
        sim.stop();
    } catch (const std::exception& e) {
        std::cerr << "sap-b1-sim: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

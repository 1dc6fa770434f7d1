// Table tests of the ShipStation client's final outcome: HTTP status or transport failure, read or write, to
// the clients' shared error kinds.
#include "clients/shipstation/response_outcome.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace mlc::clients::shipstation {
namespace {

namespace bhttp = boost::beast::http;

boost::system::result<http::response, http::transport_error> answer(unsigned status) {
    http::response res{static_cast<bhttp::status>(status), 11};
    res.body() = R"({"Message":"words"})";
    return res;
}

boost::system::result<http::response, http::transport_error> no_answer(http::failure what, bool received) {
    return http::transport_error{what, received, {}, {}};
}

// nullopt: the response itself.
std::optional<error_kind> kind_of(bhttp::verb method,
                                  boost::system::result<http::response, http::transport_error> a) {
    auto out = to_outcome(method, std::move(a));
    if (out) return std::nullopt;
    return out.error().kind;
}

struct status_row {
    unsigned status;
    std::optional<error_kind> read;   // GET
    std::optional<error_kind> write;  // POST, PUT, DELETE
};

TEST(shipstation_response_outcome, maps_each_status_for_reads_and_writes) {
    const status_row rows[] = {
        {200, std::nullopt, std::nullopt},
        {201, std::nullopt, std::nullopt},
        {204, std::nullopt, std::nullopt},
        {400, error_kind::refused, error_kind::refused},
        {401, error_kind::unauthorized, error_kind::unauthorized},
        {403, error_kind::unauthorized, error_kind::unauthorized},
        {404, error_kind::not_found, error_kind::not_found},
        {405, error_kind::refused, error_kind::refused},
        {409, error_kind::refused, error_kind::refused},
        {429, error_kind::rate_limited, error_kind::rate_limited},
        {500, error_kind::unavailable, error_kind::in_doubt},
        {502, error_kind::unavailable, error_kind::in_doubt},
        {503, error_kind::unavailable, error_kind::in_doubt},
        {504, error_kind::unavailable, error_kind::in_doubt},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(kind_of(bhttp::verb::get, answer(r.status)), r.read) << r.status;
        for (auto write : {bhttp::verb::post, bhttp::verb::put, bhttp::verb::delete_})
            EXPECT_EQ(kind_of(write, answer(r.status)), r.write)
                << r.status << " " << bhttp::to_string(write);
    }
}

struct transport_row {
    http::failure what;
    bool received;
    error_kind read;
    error_kind write;
};

TEST(shipstation_response_outcome, a_write_that_may_have_been_received_is_in_doubt) {
    const transport_row rows[] = {
        {http::failure::resolve, false, error_kind::transport, error_kind::transport},
        {http::failure::connect, false, error_kind::transport, error_kind::transport},
        {http::failure::tls, false, error_kind::transport, error_kind::transport},
        {http::failure::timeout, false, error_kind::transport, error_kind::transport},
        {http::failure::timeout, true, error_kind::transport, error_kind::in_doubt},
        {http::failure::connection_closed, true, error_kind::transport, error_kind::in_doubt},
        {http::failure::protocol, true, error_kind::transport, error_kind::in_doubt},
    };
    for (const auto& r : rows) {
        auto label = std::string(http::to_string(r.what)) + (r.received ? " received" : " not received");
        EXPECT_EQ(kind_of(bhttp::verb::get, no_answer(r.what, r.received)), r.read) << label;
        EXPECT_EQ(kind_of(bhttp::verb::post, no_answer(r.what, r.received)), r.write) << label;
    }
}

TEST(shipstation_response_outcome, errors_keep_status_and_read_as_before) {
    auto refused = to_outcome(bhttp::verb::post, answer(400));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().http_status, 400u);
    EXPECT_EQ(refused.error().source, error_source::shipstation);
    EXPECT_EQ(refused.error().describe(), "ShipStation 400 Bad Request: words");

    auto lost = to_outcome(bhttp::verb::post, no_answer(http::failure::timeout, true));
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().http_status, 0u);
    EXPECT_EQ(lost.error().describe(), "ShipStation unreachable: timeout (request may have been received)");

    EXPECT_EQ(unreadable_answer("ShipStation answered 200 with a body that is not JSON").describe(),
              "ShipStation answered 200 with a body that is not JSON");
    EXPECT_EQ(kind_name(error_kind::refused, error_source::shipstation), "refused");
    EXPECT_EQ(kind_name(error_kind::refused, error_source::sap), "business");
    EXPECT_EQ(kind_name(error_kind::unauthorized, error_source::sap), "login_failed");
}

}  // namespace
}  // namespace mlc::clients::shipstation

// Integration tests of /admin/sku-map through `ml-connector run`: one mapping, paging, CSV imports, audit
// rows.
#include "tests/support/child_process.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/test_env.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <csignal>
#include <memory>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace bhttp = boost::beast::http;

constexpr const char* admin_token = "adm-SKU-token-3-0123456789abcdef";
const std::string bearer = std::string("Bearer ") + admin_token;

class sku_map_admin_test : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        service_ = std::make_unique<child_process>(
            connector_binary(), std::vector<std::string>{"run"},
            std::map<std::string, std::string>{{"MLC_DATABASE_URL", test_database_url()},
                                               {"MLC_DB_SCHEMA", schema()},
                                               {"MLC_LISTEN", "127.0.0.1:0"},
                                               {"MLC_LOG_FORMAT", "json"},
                                               {"MLC_ADMIN_TOKEN", admin_token},
                                               {"MLC_SHUTDOWN_GRACE", "5s"}});
        port_ = wait_for_listen_port(*service_, 60s);
        ASSERT_NE(port_, 0) << service_->stderr_text();
        client_ = std::make_unique<http_test_client>(port_, 10s);
    }

    void TearDown() override {
        client_.reset();
        if (service_) {
            service_->send_signal(SIGTERM);
            auto code = service_->wait_for_exit(30s);
            EXPECT_EQ(code.value_or(-1), 0) << service_->stderr_text();
        }
        pg_schema_fixture::TearDown();
    }

    http_response call(bhttp::verb method, std::string_view target, std::string body = {},
                       std::string_view content_type = "application/json") {
        http_request req{method, target, 11};
        req.set(bhttp::field::authorization, bearer);
        if (!body.empty() || method == bhttp::verb::post) req.set(bhttp::field::content_type, content_type);
        req.body() = std::move(body);
        return client_->request(std::move(req));
    }
    http_response import(std::string_view mode, std::string csv, std::string_view content_type = "text/csv") {
        return call(bhttp::verb::post, "/admin/sku-map/import?mode=" + std::string(mode), std::move(csv),
                    content_type);
    }
    static std::string encoded(std::string_view text) {
        static constexpr char hex[] = "0123456789ABCDEF";
        std::string out;
        for (unsigned char c : text) {
            if (std::isalnum(c)) {
                out += static_cast<char>(c);
            } else {
                out += '%';
                out += hex[c >> 4];
                out += hex[c & 0xF];
            }
        }
        return out;
    }
    static boost::json::object json(const http_response& res) {
        return boost::json::parse(res.body()).as_object();
    }

    // The SKUs the API lists, page by page `limit` at a time, through next_after.
    std::vector<std::string> all_skus(std::size_t limit) {
        std::vector<std::string> out;
        std::string after;
        for (int pages = 0; pages < 100; ++pages) {
            auto res = call(bhttp::verb::get,
                            "/admin/sku-map?limit=" + std::to_string(limit) + "&after=" + encoded(after));
            EXPECT_EQ(res.result(), bhttp::status::ok) << res.body();
            auto page = json(res);
            for (const auto& m : page.at("mappings").as_array())
                out.emplace_back(m.as_object().at("sku").as_string());
            if (page.at("next_after").is_null()) break;
            after = std::string(page.at("next_after").as_string());
        }
        return out;
    }

    std::unique_ptr<child_process> service_;
    std::uint16_t port_ = 0;
    std::unique_ptr<http_test_client> client_;
};

TEST_F(sku_map_admin_test, put_get_delete_with_a_percent_encoded_sku_and_audit_rows) {
    auto put = call(bhttp::verb::put, "/admin/sku-map/CH%201%2Fblue",
                    R"({"item_code":"A00001","preferred":true,"note":"web shop"})");
    ASSERT_EQ(put.result(), bhttp::status::ok) << put.body();
    EXPECT_EQ(json(put).at("sku").as_string(), "CH 1/blue");
    EXPECT_EQ(json(put).at("item_code").as_string(), "A00001");
    EXPECT_TRUE(json(put).at("preferred").as_bool());

    auto got = call(bhttp::verb::get, "/admin/sku-map/CH%201%2Fblue");
    ASSERT_EQ(got.result(), bhttp::status::ok) << got.body();
    EXPECT_EQ(json(got).at("note").as_string(), "web shop");
    EXPECT_FALSE(json(got).at("updated_at").as_string().empty());

    auto listed = json(call(bhttp::verb::get, "/admin/sku-map?item_code=A00001"));
    ASSERT_EQ(listed.at("mappings").as_array().size(), 1u);
    EXPECT_TRUE(listed.at("next_after").is_null());
    EXPECT_TRUE(
        json(call(bhttp::verb::get, "/admin/sku-map?item_code=B2")).at("mappings").as_array().empty());

    EXPECT_EQ(call(bhttp::verb::delete_, "/admin/sku-map/CH%201%2Fblue").result(), bhttp::status::no_content);
    EXPECT_EQ(call(bhttp::verb::delete_, "/admin/sku-map/CH%201%2Fblue").result(), bhttp::status::not_found);
    EXPECT_EQ(call(bhttp::verb::get, "/admin/sku-map/CH%201%2Fblue").result(), bhttp::status::not_found);

    auto audit =
        sql("SELECT action, request_summary->>'item_code', response_summary->'before'->>'item_code', "
            "correlation_id"
            " FROM audit_log WHERE entity_type = 'sku_map' AND entity_key = 'CH 1/blue' ORDER BY id");
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0][0].as<std::string>(), "put");
    EXPECT_EQ(audit[0][1].as<std::string>(), "A00001");
    EXPECT_TRUE(audit[0][2].is_null()) << "nothing was mapped before";
    EXPECT_FALSE(audit[0][3].is_null()) << "the request id ties the row to the request";
    EXPECT_EQ(audit[1][0].as<std::string>(), "delete");
    EXPECT_EQ(audit[1][2].as<std::string>(), "A00001");
}

TEST_F(sku_map_admin_test, bad_requests_are_refused_with_a_reason) {
    auto no_item = call(bhttp::verb::put, "/admin/sku-map/S1", R"({"preferred":true})");
    EXPECT_EQ(no_item.result(), bhttp::status::bad_request);
    EXPECT_EQ(json(no_item).at("error").as_string(), "item_code is required");
    auto typo = call(bhttp::verb::put, "/admin/sku-map/S1", R"({"itemCode":"A1"})");
    EXPECT_NE(json(typo).at("error").as_string().find("unknown field 'itemCode'"), std::string::npos);
    EXPECT_EQ(call(bhttp::verb::put, "/admin/sku-map/S1", "not json").result(), bhttp::status::bad_request);
    auto long_code =
        call(bhttp::verb::put, "/admin/sku-map/S1", R"({"item_code":")" + std::string(51, 'A') + "\"}");
    EXPECT_NE(json(long_code).at("error").as_string().find("longer than 50"), std::string::npos);
    EXPECT_EQ(call(bhttp::verb::put, "/admin/sku-map/%20S1", R"({"item_code":"A1"})").result(),
              bhttp::status::bad_request);
    EXPECT_EQ(call(bhttp::verb::get, "/admin/sku-map?limit=0").result(), bhttp::status::bad_request);
    EXPECT_EQ(call(bhttp::verb::post, "/admin/sku-map/S1", "sku,item_code\n", "text/csv").result(),
              bhttp::status::not_found);
    EXPECT_EQ(client_->get("/admin/sku-map").result(), bhttp::status::unauthorized);
    EXPECT_EQ(client_->get("/admin/sku-map/S1").result(), bhttp::status::unauthorized);
    EXPECT_EQ(sql("SELECT count(*) FROM sku_map")[0][0].as<int>(), 0);
}

TEST_F(sku_map_admin_test, a_sku_named_import_is_still_a_sku) {
    EXPECT_EQ(call(bhttp::verb::put, "/admin/sku-map/import", R"({"item_code":"A1"})").result(),
              bhttp::status::ok);
    EXPECT_EQ(call(bhttp::verb::get, "/admin/sku-map/import").result(), bhttp::status::ok);
}

TEST_F(sku_map_admin_test, imports_merge_then_replace_and_page_through_the_result) {
    std::string csv = "sku,item_code,preferred,note\r\n";
    for (int i = 0; i < 25; ++i)
        csv += "S" + std::to_string(100 + i) + ",A" + std::to_string(i % 5) + ",,\r\n";
    auto merged = import("merge", csv);
    ASSERT_EQ(merged.result(), bhttp::status::ok) << merged.body();
    EXPECT_EQ(json(merged).at("imported").as_int64(), 25);
    EXPECT_EQ(json(merged).at("removed").as_int64(), 0);
    EXPECT_EQ(all_skus(10).size(), 25u);

    auto replaced = import("replace", "item_code,sku\nA1,S101\nB9,\"new, one\"\n");
    ASSERT_EQ(replaced.result(), bhttp::status::ok) << replaced.body();
    EXPECT_EQ(json(replaced).at("imported").as_int64(), 2);
    EXPECT_EQ(json(replaced).at("removed").as_int64(), 24);
    EXPECT_EQ(all_skus(1), (std::vector<std::string>{"S101", "new, one"}));
    auto audit =
        sql("SELECT count(*) FILTER (WHERE request_summary ? 'removed'), count(*) FROM audit_log"
            " WHERE entity_type = 'sku_map' AND action = 'import'");
    EXPECT_EQ(audit[0][0].as<int>(), 24);
    EXPECT_EQ(audit[0][1].as<int>(), 25 + 24 + 1) << "25 new, 24 removed, 1 new; S101 unchanged";
}

TEST_F(sku_map_admin_test, a_bad_line_writes_nothing) {
    ASSERT_EQ(import("merge", "sku,item_code\nKEEP,A1\n").result(), bhttp::status::ok);
    auto bad = import("replace", "sku,item_code\nN1,B1\nN2,B2\nN1,B3\n");
    EXPECT_EQ(bad.result(), bhttp::status::bad_request);
    EXPECT_EQ(json(bad).at("error").as_string(), "line 4: SKU 'N1' is already on line 2");
    EXPECT_EQ(all_skus(10), std::vector<std::string>{"KEEP"});
    EXPECT_EQ(import("sideways", "sku,item_code\n").result(), bhttp::status::bad_request);
    EXPECT_EQ(import("merge", "sku,item_code\nN1,B1\n", "application/x-www-form-urlencoded").result(),
              bhttp::status::unsupported_media_type);
    EXPECT_EQ(all_skus(10), std::vector<std::string>{"KEEP"});
}

}  // namespace
}  // namespace mlc::test

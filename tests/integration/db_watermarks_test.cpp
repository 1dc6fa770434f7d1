// Integration tests of the watermarks against a real PostgreSQL: a missing name, set, overwrite.
#include "db/watermarks.hpp"
#include "tests/support/pg_schema_fixture.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace wm = db::watermarks;

class db_watermarks : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
    }
};

TEST_F(db_watermarks, round_trip_and_overwrite) {
    EXPECT_FALSE(run([](pqxx::work& w) { return wm::get(w, "sap_orders"); }).has_value());

    auto value = boost::json::parse(R"({"update_date":"2026-01-31","doc_entry":1234,"ids":[1,2]})");
    run([&](pqxx::work& w) { wm::set(w, "sap_orders", value); });
    auto stored = run([](pqxx::work& w) { return wm::get(w, "sap_orders"); });
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(*stored, value);

    run([](pqxx::work& w) { wm::set(w, "sap_orders", boost::json::value(42)); });
    EXPECT_EQ(run([](pqxx::work& w) { return wm::get(w, "sap_orders"); }), boost::json::value(42));
    EXPECT_FALSE(run([](pqxx::work& w) { return wm::get(w, "other"); }).has_value());
}

}  // namespace
}  // namespace mlc::test

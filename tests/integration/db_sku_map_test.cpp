// Integration tests of the SKU map repository against a real PostgreSQL: paging, the preferred mark, imports.
#include "db/sku_map.hpp"
#include "tests/support/pg_schema_fixture.hpp"

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace sm = db::sku_map;

sm::sku_mapping mapping(std::string sku, std::string item_code, bool preferred = false,
                        std::string note = {}) {
    return {std::move(sku), std::move(item_code), preferred, std::move(note), {}};
}

class db_sku_map : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
    }

    sm::sku_mapping put(const sm::sku_mapping& m) {
        return run([&](pqxx::work& w) { return sm::put(w, m); });
    }
    std::optional<sm::sku_mapping> find(const std::string& sku) {
        return run([&](pqxx::work& w) { return sm::find(w, sku); });
    }
    std::vector<std::string> skus(const std::string& after, std::size_t limit,
                                  std::optional<std::string> item_code = std::nullopt) {
        std::vector<std::string> out;
        for (const auto& m : run([&](pqxx::work& w) { return sm::list(w, after, limit, item_code); }))
            out.push_back(m.sku);
        return out;
    }
    std::map<std::string, std::string> outbound(const std::vector<std::string>& item_codes) {
        return run([&](pqxx::work& w) { return sm::skus_for_item_codes(w, item_codes); });
    }
};

TEST_F(db_sku_map, put_find_and_remove) {
    auto stored = put(mapping("CH 1/a", "A1", false, "channel X"));
    EXPECT_EQ(stored.sku, "CH 1/a");
    EXPECT_EQ(stored.item_code, "A1");
    EXPECT_EQ(stored.note, "channel X");
    EXPECT_GT(stored.updated_at.time_since_epoch().count(), 0);
    auto replaced = put(mapping("CH 1/a", "B2"));
    EXPECT_EQ(replaced.item_code, "B2");
    EXPECT_EQ(replaced.note, "") << "a put replaces the whole row";
    EXPECT_EQ(find("CH 1/a")->item_code, "B2");
    EXPECT_FALSE(find("ch 1/a")) << "SKUs match exactly";
    EXPECT_TRUE(run([](pqxx::work& w) { return sm::remove(w, "CH 1/a"); }));
    EXPECT_FALSE(run([](pqxx::work& w) { return sm::remove(w, "CH 1/a"); }));
    EXPECT_FALSE(find("CH 1/a"));
}

TEST_F(db_sku_map, an_unchanged_put_keeps_updated_at) {
    put(mapping("S1", "A1", true, "n"));
    sql("UPDATE sku_map SET updated_at = now() - interval '1 hour'");
    auto old = find("S1")->updated_at;
    EXPECT_EQ(put(mapping("S1", "A1", true, "n")).updated_at, old);
    EXPECT_GT(put(mapping("S1", "A1", true, "changed")).updated_at, old);
}

TEST_F(db_sku_map, lists_in_byte_order_by_pages_and_by_item) {
    for (const char* sku : {"b", "B", "a", "a-2", "Z"})
        put(mapping(sku, std::string(sku) == "a" ? "A1" : "X"));
    EXPECT_EQ(skus("", 10), (std::vector<std::string>{"B", "Z", "a", "a-2", "b"}));
    EXPECT_EQ(skus("", 2), (std::vector<std::string>{"B", "Z"}));
    EXPECT_EQ(skus("Z", 2), (std::vector<std::string>{"a", "a-2"}));
    EXPECT_EQ(skus("b", 2), std::vector<std::string>{});
    EXPECT_EQ(skus("", 10, "A1"), std::vector<std::string>{"a"});
}

TEST_F(db_sku_map, the_preferred_mark_moves_and_outbound_takes_it_else_the_lowest_sku) {
    put(mapping("S-b", "A1"));
    put(mapping("S-a", "A1"));
    put(mapping("T", "B2"));
    EXPECT_EQ(outbound({"A1", "B2", "C3"}), (std::map<std::string, std::string>{{"A1", "S-a"}, {"B2", "T"}}));
    put(mapping("S-b", "A1", true));
    EXPECT_EQ(outbound({"A1"}).at("A1"), "S-b");
    put(mapping("S-c", "A1", true));  // takes the mark from S-b
    EXPECT_FALSE(find("S-b")->preferred);
    EXPECT_TRUE(find("S-c")->preferred);
    EXPECT_EQ(outbound({"A1"}).at("A1"), "S-c");
    put(mapping("S-c", "B2", true));  // moves to another item, keeping the mark there
    EXPECT_EQ(outbound({"A1", "B2"}), (std::map<std::string, std::string>{{"A1", "S-a"}, {"B2", "S-c"}}));
    EXPECT_THROW(sql("UPDATE sku_map SET preferred = true WHERE item_code = 'A1'"), pqxx::unique_violation);
}

TEST_F(db_sku_map, inbound_reads_the_rows_of_the_skus_asked_for) {
    put(mapping("S1", "A1"));
    put(mapping("S2", "A1"));
    put(mapping("S3", "B2"));
    auto found = run([](pqxx::work& w) { return sm::item_codes_for_skus(w, {"S1", "S3", "nope"}); });
    EXPECT_EQ(found, (std::map<std::string, std::string>{{"S1", "A1"}, {"S3", "B2"}}));
    EXPECT_TRUE(run([](pqxx::work& w) { return sm::item_codes_for_skus(w, {}); }).empty());
}

TEST_F(db_sku_map, a_merge_import_upserts_and_reports_what_changed) {
    put(mapping("keep", "A1", false, "same"));
    put(mapping("old-pref", "B2", true));
    put(mapping("other", "C3"));
    auto r = run([](pqxx::work& w) {
        return sm::import(
            w,
            {mapping("keep", "A1", false, "same"), mapping("new-pref", "B2", true), mapping("fresh", "D4")},
            false);
    });
    EXPECT_EQ(r.imported, 3u);
    EXPECT_EQ(r.removed, 0u);
    EXPECT_EQ(r.changed_skus, (std::vector<std::string>{"fresh", "new-pref", "old-pref"}));
    EXPECT_FALSE(find("old-pref")->preferred);
    EXPECT_TRUE(find("new-pref")->preferred);
    EXPECT_TRUE(find("other"));
}

TEST_F(db_sku_map, a_replace_import_deletes_what_the_file_does_not_name) {
    put(mapping("a", "A1", true));
    put(mapping("b", "A1"));
    put(mapping("c", "C3"));
    // "a" keeps its item but gives the mark to "b" within the same import.
    auto r = run([](pqxx::work& w) {
        return sm::import(w, {mapping("a", "A1", false), mapping("b", "A1", true)}, true);
    });
    EXPECT_EQ(r.removed, 1u);
    EXPECT_EQ(r.removed_skus, std::vector<std::string>{"c"});
    EXPECT_EQ(r.changed_skus, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(skus("", 10), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(find("b")->preferred);
}

TEST_F(db_sku_map, a_failed_import_leaves_the_table_as_it_was) {
    put(mapping("a", "A1"));
    EXPECT_ANY_THROW(run([](pqxx::work& w) {
        return sm::import(w, {mapping("x", "X1", true), mapping("y", "X1", true)}, true);
    }));
    EXPECT_EQ(skus("", 10), std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace mlc::test

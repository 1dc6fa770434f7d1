// Integration tests of the SAP client's items side against the Service Layer simulator over loopback: unit
// tables, items with their shipping fields, changed items by watermark, the stock scan, bin codes and the
// warehouse journal.
#include "clients/sap/client.hpp"
#include "clients/sap/items.hpp"
#include "clients/sap/master_data.hpp"
#include "clients/sap/odata_query.hpp"
#include "clients/sap/units.hpp"
#include "clients/sap/warehouse_journal.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/simulators/sap_b1/stock_journal.hpp"
#include "tests/support/run_coro.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

namespace mlc::test {
namespace {

namespace sap = clients::sap;
namespace sim = mlc::sim::sap;
using namespace std::chrono;

struct sap_items_fixture : ::testing::TestWithParam<sim::api_version> {
    sap_items_fixture() : simulator(sim_config(), sim_log) {
        simulator.start();
        cfg.url = simulator.service_root(GetParam());
        cfg.company_db = "SBODEMOUS";
        cfg.username = "manager";
        cfg.password = secret("manager");
        opts.page_size = 7;
        c = std::make_unique<sap::client>(cfg, opts, log, ioc.get_executor());
    }
    static sim::sim_config sim_config() {
        sim::sim_config s;
        s.seed.orders = 5;
        s.seed.items = 20;
        return s;
    }
    template <class F>
    decltype(auto) store(F&& f) {
        return simulator.state().with_store(
            [&](sim::store& s, const sim::sim_time& now) { return f(s, now); });
    }
    std::uint64_t requests(const std::string& method, const std::string& path) {
        const std::string root = GetParam() == sim::api_version::v1 ? "/b1s/v1" : "/b1s/v2";
        return simulator.state().counters().requests[method + " " + root + path];
    }
    // Every item of the query starting at `target`, page by page; the number of pages in `pages`.
    std::vector<sap::item> all_items(std::string target, int* pages = nullptr) {
        std::vector<sap::item> out;
        std::optional<std::string> next = std::move(target);
        int n = 0;
        while (next) {
            auto page = run_coro(ioc, sap::read_item_page(*c, *next));
            if (!page) throw std::runtime_error(page.error().describe());
            for (auto& i : page->items) out.push_back(std::move(i));
            next = page->next_target;
            ++n;
        }
        if (pages) *pages = n;
        return out;
    }
    // Every journal row after `after`, page by page.
    std::vector<sap::journal_row> journal_after(std::int64_t after) {
        auto page = run_coro(ioc, sap::warehouse_journal(*c, after));
        if (!page) throw std::runtime_error(page.error().describe());
        std::vector<sap::journal_row> rows = page->rows;
        while (page->next_target) {
            page = run_coro(ioc, sap::read_journal_page(*c, *page->next_target));
            if (!page) throw std::runtime_error(page.error().describe());
            rows.insert(rows.end(), page->rows.begin(), page->rows.end());
        }
        return rows;
    }
    void set_journal_accessible(bool open) {
        store([&](sim::store& s, const sim::sim_time&) { s.rules.journal_accessible = open; });
    }
    sap::item find(const std::vector<sap::item>& items, const std::string& code) {
        for (const auto& i : items)
            if (i.item_code == code) return i;
        ADD_FAILURE() << code << " not read";
        return {};
    }

    std::ostringstream sim_log, log_out;
    sim::simulator simulator;
    boost::asio::io_context ioc;
    logger log{{log_level::debug, log_format::json}, log_out};
    sap_config cfg;
    sap::options opts;
    std::unique_ptr<sap::client> c;
};

TEST_P(sap_items_fixture, the_unit_tables_are_read_with_their_codes_and_factors) {
    auto weights = run_coro(ioc, sap::weight_measures(*c));
    ASSERT_TRUE(weights) << weights.error().describe();
    auto expected_weights = store([](sim::store& s, const sim::sim_time&) {
        std::map<int, std::pair<std::string, double>> out;
        for (const auto& [code, w] : s.weight_measures)
            out[code] = {sim::string_or(w, "UnitDisplay"), sim::number_or(w, "UnitWeightinmg", 0)};
        return out;
    });
    ASSERT_EQ(weights->size(), expected_weights.size());
    for (const auto& w : *weights) {
        ASSERT_TRUE(expected_weights.contains(w.code)) << w.code;
        EXPECT_EQ(w.display, expected_weights[w.code].first);
        EXPECT_DOUBLE_EQ(w.milligrams, expected_weights[w.code].second);
        EXPECT_FALSE(w.name.empty());
    }

    auto lengths = run_coro(ioc, sap::length_measures(*c));
    ASSERT_TRUE(lengths) << lengths.error().describe();
    ASSERT_EQ(lengths->size(), 5u);
    std::map<std::string, double> mm;
    for (const auto& l : *lengths) mm[l.display] = l.millimetres;
    EXPECT_DOUBLE_EQ(mm["in"], 25.4);
    EXPECT_DOUBLE_EQ(mm["cm"], 10.0);
}

TEST_P(sap_items_fixture, changed_items_carry_weights_sizes_units_origin_udfs_bins_and_update_time) {
    int pages = 0;
    auto items = all_items(sap::items_changed_target(*c, {sys_days(2000y / January / 1), seconds(0)},
                                                     minutes(10), {"U_SKU", "U_HSCode", "U_SKU"}),
                           &pages);
    ASSERT_EQ(items.size(), 20u);
    EXPECT_EQ(pages, 3);  // 7 + 7 + 6
    auto seeded = store([](sim::store& s, const sim::sim_time&) { return s.items; });
    for (const auto& i : items) {
        const auto& raw = seeded.at(i.item_code);
        EXPECT_DOUBLE_EQ(i.sales_unit_weight, sim::number_or(raw, "SalesUnitWeight", -1)) << i.item_code;
        EXPECT_EQ(i.sales_weight_unit.has_value(), !raw.at("SalesWeightUnit").is_null()) << i.item_code;
        if (i.sales_weight_unit) {
            EXPECT_EQ(*i.sales_weight_unit, raw.at("SalesWeightUnit").as_int64());
        }
        EXPECT_DOUBLE_EQ(i.sales_unit_length, sim::number_or(raw, "SalesUnitLength", -1));
        EXPECT_DOUBLE_EQ(i.sales_unit_width, sim::number_or(raw, "SalesUnitWidth", -1));
        EXPECT_DOUBLE_EQ(i.sales_unit_height, sim::number_or(raw, "SalesUnitHeight", -1));
        EXPECT_EQ(i.country_of_origin, sim::string_or(raw, "ItemCountryOrg"));
        auto time = sim::string_or(raw, "UpdateTime");
        ASSERT_TRUE(i.update_time) << i.item_code;
        EXPECT_EQ(*i.update_time, hours(std::stoi(time.substr(0, 2))) +
                                      minutes(std::stoi(time.substr(3, 2))) +
                                      seconds(std::stoi(time.substr(6, 2))));
        EXPECT_EQ(i.update_date, sap::parse_date(sim::string_or(raw, "UpdateDate")));
        EXPECT_TRUE(i.raw.contains("U_HSCode"));
        EXPECT_FALSE(i.raw.contains("ItemPrices"));  // only what product alignment reads
        EXPECT_EQ(i.warehouses.size(), 2u);
    }
    auto a1 = find(items, "A00001");  // kilograms, centimetres, made in DE, default bin in 01
    ASSERT_TRUE(a1.sales_weight_unit && a1.sales_length_unit && a1.sales_width_unit && a1.sales_height_unit);
    EXPECT_EQ(*a1.sales_weight_unit, 2);
    EXPECT_EQ(*a1.sales_length_unit, 2);
    EXPECT_EQ(a1.country_of_origin, "DE");
    EXPECT_TRUE(a1.warehouses.at(0).default_bin);
    EXPECT_FALSE(a1.warehouses.at(1).default_bin);
    auto a5 = find(items, "A00005");  // keeps no weight and no size
    EXPECT_EQ(a5.sales_unit_weight, 0);
    EXPECT_FALSE(a5.sales_weight_unit);
    EXPECT_FALSE(a5.sales_length_unit);
    EXPECT_EQ(find(items, "A00003").country_of_origin, "");
    EXPECT_EQ(find(items, "A00002").raw.at("U_SKU"), "CH-A00002");
    EXPECT_TRUE(find(items, "A00009").warehouses.at(1).locked);
    EXPECT_FALSE(find(items, "A00009").warehouses.at(0).locked);

    EXPECT_THROW(sap::items_changed_target(*c, {}, minutes(10), {"U_SKU,ItemPrices"}), std::invalid_argument);
}

TEST_P(sap_items_fixture, an_item_patched_after_the_watermark_comes_back_and_stock_moves_do_not) {
    simulator.state().set_clock(sys_days(2026y / March / 2) + hours(12));
    const sap::order_watermark mark{sys_days(2026y / March / 2), hours(11)};
    auto target = sap::items_changed_target(*c, mark, minutes(10), {});
    EXPECT_TRUE(all_items(target).empty());

    sap::sap_request patch;
    patch.method = boost::beast::http::verb::patch;
    patch.target = "/Items('A00003')";
    patch.body = R"({"SalesUnitWeight":750})";
    auto patched = run_coro(ioc, c->execute("patch_item", std::move(patch)));
    ASSERT_TRUE(patched) << patched.error().describe();
    store([](sim::store& s, const sim::sim_time& now) {
        ASSERT_FALSE(
            sim::book_stock_by_hand(s, {{"ItemCode", "A00001"}, {"WarehouseCode", "01"}, {"delta", 7}}, now));
    });

    auto changed = all_items(target);
    ASSERT_EQ(changed.size(), 1u);  // A00001's stock moved, its master data did not
    EXPECT_EQ(changed[0].item_code, "A00003");
    EXPECT_EQ(changed[0].sales_unit_weight, 750);
    EXPECT_EQ(changed[0].update_date, sys_days(2026y / March / 2));
    EXPECT_EQ(changed[0].update_time, hours(12));
}

TEST_P(sap_items_fixture, the_stock_scan_reads_every_items_warehouses_page_by_page) {
    store([](sim::store& s, const sim::sim_time& now) {
        ASSERT_FALSE(sim::book_stock_by_hand(
            s, {{"ItemCode", "A00006"}, {"WarehouseCode", "02"}, {"in_stock", 0}}, now));
    });
    int pages = 0;
    auto items = all_items(sap::item_stock_target(*c), &pages);
    EXPECT_EQ(pages, 3);
    ASSERT_EQ(items.size(), 20u);
    EXPECT_EQ(items.front().item_code, "A00001");
    EXPECT_EQ(items.back().item_code, "A00020");
    auto expected = store([](sim::store& s, const sim::sim_time&) {
        std::map<std::pair<std::string, std::string>, std::pair<double, double>> out;
        for (const auto& [code, item] : s.items)
            for (const auto& w : item.at("ItemWarehouseInfoCollection").as_array())
                out[{code, sim::string_or(w.as_object(), "WarehouseCode")}] = {
                    sim::number_or(w.as_object(), "InStock", -1),
                    sim::number_or(w.as_object(), "Committed", -1)};
        return out;
    });
    std::map<std::pair<std::string, std::string>, std::pair<double, double>> got;
    for (const auto& i : items) {
        EXPECT_EQ(i.raw.size(), 2u) << boost::json::serialize(
            i.raw);  // ItemCode, ItemWarehouseInfoCollection
        for (const auto& w : i.warehouses) got[{i.item_code, w.warehouse_code}] = {w.in_stock, w.committed};
    }
    EXPECT_EQ(got, expected);
    EXPECT_EQ((got[{"A00006", "02"}].first), 0);
}

TEST_P(sap_items_fixture, default_bins_resolve_to_bin_codes_twenty_to_a_request) {
    auto bins = store([](sim::store& s, const sim::sim_time&) {
        std::map<int, std::string> out;
        for (const auto& [entry, b] : s.bin_locations) out[entry] = sim::string_or(b, "BinCode");
        return out;
    });
    ASSERT_GE(bins.size(), 12u);
    std::vector<int> asked;
    for (const auto& [entry, code] : bins) asked.push_back(entry);
    for (int i = 0; i < 10; ++i) asked.push_back(900000 + i);  // unknown ones are left out
    auto found = run_coro(ioc, sap::bin_codes(*c, asked));
    ASSERT_TRUE(found) << found.error().describe();
    EXPECT_EQ(*found, bins);
    // One filter per 20 asked, each read in pages of 7 (one page when nothing matches).
    std::uint64_t expected_requests = 0;
    for (std::size_t first = 0; first < asked.size(); first += 20) {
        std::size_t matches = 0;
        for (std::size_t i = first; i < std::min(asked.size(), first + 20); ++i)
            matches += bins.count(asked[i]);
        expected_requests += std::max<std::size_t>(1, (matches + 6) / 7);
    }
    EXPECT_EQ(asked.size(), 26u);
    EXPECT_EQ(requests("GET", "/BinLocations"), expected_requests);
    EXPECT_EQ(found->at(1), "01-SYSTEM-BIN-LOCATION");

    auto none = run_coro(ioc, sap::bin_codes(*c, {}));
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST_P(sap_items_fixture, a_closed_journal_is_refused_with_702_and_an_open_one_lists_rows_after_a_trans_num) {
    auto closed = run_coro(ioc, sap::warehouse_journal(*c, 0));
    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().kind, clients::error_kind::refused);
    EXPECT_EQ(closed.error().code, "702");
    EXPECT_EQ(requests("POST", "/SQLQueries"), 1u);  // the creation was refused: nothing stored

    set_journal_accessible(true);
    auto all = journal_after(0);
    auto journal = store([](sim::store& s, const sim::sim_time&) { return s.journal; });
    ASSERT_EQ(all.size(), journal.size());
    ASSERT_GT(all.size(), 14u);  // more than two pages of 7
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].trans_num, journal[i].trans_num);
        EXPECT_EQ(all[i].item_code, journal[i].item_code);
        EXPECT_EQ(all[i].warehouse, journal[i].warehouse);
        EXPECT_EQ(all[i].in_qty, journal[i].in_qty);
        EXPECT_EQ(all[i].out_qty, journal[i].out_qty);
    }
    EXPECT_EQ(requests("POST", "/SQLQueries"), 2u);  // created now, once

    const std::int64_t mark = all.back().trans_num;
    store([](sim::store& s, const sim::sim_time& now) {
        ASSERT_FALSE(sim::book_stock_by_hand(
            s, {{"ItemCode", "A00002"}, {"WarehouseCode", "01"}, {"delta", -4}}, now));
    });
    auto fresh = journal_after(mark);
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_GT(fresh[0].trans_num, mark);
    EXPECT_EQ(fresh[0].item_code, "A00002");
    EXPECT_EQ(fresh[0].warehouse, "01");
    EXPECT_EQ(fresh[0].out_qty, 4);
    EXPECT_EQ(fresh[0].in_qty, 0);
    EXPECT_TRUE(journal_after(fresh[0].trans_num).empty());
    EXPECT_EQ(requests("POST", "/SQLQueries"), 2u);

    // The administrator takes OINM off the allowlist again: the stored query stays, its List is refused.
    set_journal_accessible(false);
    auto refused = run_coro(ioc, sap::warehouse_journal(*c, mark));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, clients::error_kind::refused);
    EXPECT_EQ(refused.error().code, "702");
    EXPECT_EQ(requests("POST", "/SQLQueries"), 2u);
}

TEST_P(sap_items_fixture, the_journals_head_is_its_highest_trans_num_or_702_while_closed) {
    auto closed = run_coro(ioc, sap::journal_head(*c));
    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().kind, clients::error_kind::refused);
    EXPECT_EQ(closed.error().code, "702");

    set_journal_accessible(true);
    auto journal = store([](sim::store& s, const sim::sim_time&) { return s.journal; });
    ASSERT_FALSE(journal.empty());
    auto head = run_coro(ioc, sap::journal_head(*c));
    ASSERT_TRUE(head) << head.error().describe();
    EXPECT_EQ(*head, journal.back().trans_num);
    store([](sim::store& s, const sim::sim_time& now) {
        ASSERT_FALSE(
            sim::book_stock_by_hand(s, {{"ItemCode", "A00002"}, {"WarehouseCode", "01"}, {"delta", 3}}, now));
    });
    auto moved = run_coro(ioc, sap::journal_head(*c));
    ASSERT_TRUE(moved);
    EXPECT_GT(*moved, *head);
    EXPECT_TRUE(journal_after(*head).size() == 1u) << "the head is where reading the journal starts";
}

INSTANTIATE_TEST_SUITE_P(versions, sap_items_fixture,
                         ::testing::Values(sim::api_version::v1, sim::api_version::v2),
                         [](const auto& p) { return p.param == sim::api_version::v1 ? "v1" : "v2"; });

}  // namespace
}  // namespace mlc::test

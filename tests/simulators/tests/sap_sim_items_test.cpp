// Tests of the SAP simulator's items side over loopback: unit tables, item shipping fields, bins, the
// warehouse journal (OINM) and its stored query, stock booked by hand.
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/http_test_client.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace mlc::sim::sap {
namespace {

using test::http_response;
namespace bhttp = boost::beast::http;

const std::string journal_sql =
    R"(SELECT T0.\"TransNum\", T0.\"ItemCode\", T0.\"Warehouse\", T0.\"InQty\", T0.\"OutQty\" FROM OINM T0 WHERE T0.\"TransNum\" > :TransNum ORDER BY T0.\"TransNum\")";

class sap_sim_items : public ::testing::Test {
protected:
    sap_sim_items() : sim(config(), log_) {
        sim.start();
        http_ = std::make_unique<test::http_test_client>(sim.port());
        cookie_ = login();
    }

    static sim_config config() {
        sim_config cfg;
        cfg.seed = {1, 5, 20, 4};
        return cfg;
    }

    static boost::json::value body(const http_response& r) { return boost::json::parse(r.body()); }

    std::string login() {
        auto r = http_->post("/b1s/v1/Login",
                             R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"})");
        EXPECT_EQ(r.result_int(), 200) << r.body();
        return "B1SESSION=" + std::string(body(r).at("SessionId").as_string());
    }

    // GET `target`, its spaces sent as %20.
    http_response get(std::string_view target, std::string_view prefer = {}) {
        std::string encoded;
        for (char ch : target) encoded += ch == ' ' ? std::string("%20") : std::string(1, ch);
        if (prefer.empty()) return http_->get(encoded, {{"Cookie", cookie_}});
        return http_->get(encoded, {{"Cookie", cookie_}, {"Prefer", prefer}});
    }

    http_response send(bhttp::verb method, std::string_view target, std::string payload) {
        test::http_request req{method, std::string(target), 11};
        req.set(bhttp::field::cookie, cookie_);
        req.set(bhttp::field::content_type, "application/json");
        req.body() = std::move(payload);
        return http_->request(std::move(req));
    }

    http_response control(std::string_view target, std::string payload = "{}") {
        test::http_test_client c(sim.port());
        return c.post(target, std::move(payload));
    }

    boost::json::object item(std::string_view code) {
        auto r = get("/b1s/v1/Items('" + std::string(code) + "')");
        EXPECT_EQ(r.result_int(), 200) << r.body();
        return body(r).as_object();
    }

    double in_stock(std::string_view code, std::string_view warehouse) {
        const auto entity = item(code);
        for (const auto& w : entity.at("ItemWarehouseInfoCollection").as_array())
            if (w.at("WarehouseCode").as_string() == warehouse) return w.at("InStock").to_number<double>();
        return -1;
    }

    // Opens OINM and stores the journal query JOURNAL.
    void open_journal() {
        ASSERT_EQ(control("/_control/company", R"({"journal_accessible":true})").result_int(), 200);
        auto created = send(bhttp::verb::post, "/b1s/v1/SQLQueries",
                            R"({"SqlCode":"JOURNAL","SqlText":")" + journal_sql + R"("})");
        ASSERT_EQ(created.result_int(), 201) << created.body();
    }

    // Every journal row after `after`, following next links of pages of 5.
    std::vector<boost::json::object> journal_after(std::int64_t after) {
        std::vector<boost::json::object> rows;
        std::string target = "/b1s/v1/SQLQueries('JOURNAL')/List?TransNum=" + std::to_string(after);
        while (!target.empty()) {
            auto r = get(target, "odata.maxpagesize=5");
            EXPECT_EQ(r.result_int(), 200) << r.body();
            if (r.result_int() != 200) break;
            auto page = body(r).as_object();
            for (const auto& row : page.at("value").as_array()) rows.push_back(row.as_object());
            const auto* next = page.if_contains("odata.nextLink");
            target = next ? std::string(next->as_string()) : std::string();
        }
        return rows;
    }

    std::int64_t last_trans_num() {
        auto rows = journal_after(0);
        return rows.empty() ? 0 : rows.back().at("TransNum").as_int64();
    }

    std::ostringstream log_;
    simulator sim;
    std::unique_ptr<test::http_test_client> http_;
    std::string cookie_;
};

TEST_F(sap_sim_items, weight_and_length_measures_are_served_readable_like_other_sets) {
    auto weights = body(get("/b1s/v1/WeightMeasures")).at("value").as_array();
    std::map<std::string, std::pair<std::int64_t, double>> by_display;
    for (const auto& w : weights)
        by_display[std::string(w.at("UnitDisplay").as_string())] = {
            w.at("UnitCode").as_int64(), w.at("UnitWeightinmg").to_number<double>()};
    ASSERT_TRUE(by_display.contains("kg") && by_display.contains("lb") && by_display.contains("g"));
    EXPECT_DOUBLE_EQ(by_display["kg"].second, 1000000.0);
    EXPECT_DOUBLE_EQ(by_display["g"].second, 1000.0);
    EXPECT_NEAR(by_display["lb"].second, 453592.37, 1e-6);
    // Company data: kilograms are not code 1 here.
    EXPECT_NE(by_display["kg"].first, 1);

    auto kg = body(get("/b1s/v2/WeightMeasures?$filter=UnitDisplay eq 'kg'&$select=UnitCode,UnitName"));
    ASSERT_EQ(kg.at("value").as_array().size(), 1u);
    EXPECT_EQ(kg.at("value").at(0).at("UnitName"), "Kilogram");
    EXPECT_FALSE(kg.at("value").at(0).as_object().contains("UnitWeightinmg"));
    auto one = get("/b1s/v1/WeightMeasures(" + std::to_string(by_display["lb"].first) + ")");
    ASSERT_EQ(one.result_int(), 200);
    EXPECT_EQ(body(one).at("UnitDisplay"), "lb");
    EXPECT_EQ(get("/b1s/v1/WeightMeasures(99)").result_int(), 404);

    auto lengths = body(get("/b1s/v1/LengthMeasures?$orderby=UnitCode")).at("value").as_array();
    std::map<std::string, double> mm;
    for (const auto& l : lengths) {
        mm[std::string(l.at("UnitDisplay").as_string())] = l.at("UnitLengthinmm").to_number<double>();
        EXPECT_TRUE(l.as_object().contains("UnitCodeforQuantityDisplay"));
    }
    EXPECT_DOUBLE_EQ(mm["cm"], 10.0);
    EXPECT_DOUBLE_EQ(mm["in"], 25.4);
    EXPECT_DOUBLE_EQ(mm["mm"], 1.0);
    EXPECT_EQ(get("/b1s/v1/WeightMeasures?$select=Nope").result_int(), 400);
}

TEST_F(sap_sim_items, items_carry_weights_sizes_in_company_units_origin_udfs_and_default_bins) {
    auto items = body(get("/b1s/v1/Items?$select=ItemCode,SalesUnitWeight,SalesWeightUnit,SalesUnitLength,"
                          "SalesLengthUnit,SalesWidthUnit,SalesHeightUnit,ItemCountryOrg,U_SKU,U_HSCode,"
                          "ItemWarehouseInfoCollection,UpdateTime",
                          "odata.maxpagesize=0"))
                     .at("value")
                     .as_array();
    ASSERT_EQ(items.size(), 20u);
    std::set<std::int64_t> weight_units, length_units;
    std::set<std::string> countries;
    int without_weight = 0, with_bin = 0, with_sku = 0;
    std::set<std::int64_t> bins;
    for (const auto& v : items) {
        const auto& i = v.as_object();
        if (i.at("SalesWeightUnit").is_null()) {
            ++without_weight;
            EXPECT_EQ(i.at("SalesUnitWeight").to_number<double>(), 0.0);
        } else {
            weight_units.insert(i.at("SalesWeightUnit").as_int64());
            EXPECT_GT(i.at("SalesUnitWeight").to_number<double>(), 0.0);
        }
        if (!i.at("SalesLengthUnit").is_null()) {
            length_units.insert(i.at("SalesLengthUnit").as_int64());
            EXPECT_EQ(i.at("SalesWidthUnit"), i.at("SalesLengthUnit"));
            EXPECT_EQ(i.at("SalesHeightUnit"), i.at("SalesLengthUnit"));
        }
        countries.insert(i.at("ItemCountryOrg").is_null() ? ""
                                                          : std::string(i.at("ItemCountryOrg").as_string()));
        if (!i.at("U_SKU").is_null()) {
            ++with_sku;
            EXPECT_NE(i.at("U_SKU"), i.at("ItemCode"));
        }
        EXPECT_TRUE(i.contains("U_HSCode"));
        EXPECT_EQ(i.at("UpdateTime").as_string().size(), 8u);  // HH:MM:SS, as on documents
        for (const auto& w : i.at("ItemWarehouseInfoCollection").as_array())
            if (!w.at("DefaultBin").is_null()) {
                ++with_bin;
                bins.insert(w.at("DefaultBin").as_int64());
            }
    }
    EXPECT_EQ(weight_units.size(), 3u);  // kg, lb and g
    EXPECT_GE(length_units.size(), 2u);
    EXPECT_EQ(without_weight, 4);
    EXPECT_EQ(countries, (std::set<std::string>{"", "CN", "DE"}));
    EXPECT_GE(with_sku, 2);
    EXPECT_EQ(item("A00002").at("U_SKU"), "CH-A00002");
    EXPECT_GT(with_bin, 0);
    EXPECT_EQ(bins.size(), static_cast<std::size_t>(with_bin));  // one bin per item

    auto bin = get("/b1s/v1/BinLocations(" + std::to_string(*bins.begin()) + ")?$select=BinCode,Warehouse");
    ASSERT_EQ(bin.result_int(), 200) << bin.body();
    EXPECT_EQ(body(bin).at("Warehouse"), "01");
    EXPECT_EQ(std::string(body(bin).at("BinCode").as_string()).rfind("01-A-", 0), 0u);
    auto filtered = body(get("/b1s/v1/BinLocations?$filter=AbsEntry eq " + std::to_string(*bins.begin()) +
                             " or AbsEntry eq 999999"));
    EXPECT_EQ(filtered.at("value").as_array().size(), 1u);
}

TEST_F(sap_sim_items, the_journal_is_closed_by_default_702_on_creating_and_running_a_query_over_oinm) {
    auto closed = send(bhttp::verb::post, "/b1s/v1/SQLQueries",
                       R"({"SqlCode":"JOURNAL","SqlText":")" + journal_sql + R"("})");
    EXPECT_EQ(closed.result_int(), 400);
    EXPECT_EQ(body(closed).at("error").at("code"), 702);
    EXPECT_NE(closed.body().find("Table 'OINM' not accessible"), std::string::npos) << closed.body();
    auto v2 = send(bhttp::verb::post, "/b1s/v2/SQLQueries",
                   R"({"SqlCode":"JOURNAL","SqlText":")" + journal_sql + R"("})");
    EXPECT_EQ(body(v2).at("error").at("code"), "702");
    EXPECT_EQ(get("/b1s/v1/SQLQueries('JOURNAL')").result_int(), 404);  // nothing was stored

    open_journal();
    EXPECT_FALSE(journal_after(0).empty());  // the seed's opening stock
    ASSERT_EQ(control("/_control/company", R"({"journal_accessible":false})").result_int(), 200);
    auto list = get("/b1s/v1/SQLQueries('JOURNAL')/List?TransNum=0");
    EXPECT_EQ(list.result_int(), 400);
    EXPECT_EQ(body(list).at("error").at("code"), 702);
}

TEST_F(sap_sim_items, a_delivery_and_its_cancellation_post_journal_rows_and_leave_the_item_unchanged) {
    open_journal();
    auto seeded = journal_after(0);
    ASSERT_FALSE(seeded.empty());
    for (std::size_t i = 1; i < seeded.size(); ++i)
        EXPECT_GT(seeded[i].at("TransNum").as_int64(), seeded[i - 1].at("TransNum").as_int64());
    EXPECT_EQ(seeded.front().at("TransType"), 59);  // opening stock as goods receipts
    const std::int64_t mark = last_trans_num();
    const auto before = item("A00001");
    const double stock = in_stock("A00001", "01");

    ASSERT_EQ(control("/_control/clock", R"({"set":"2026-02-03T10:20:30Z"})").result_int(), 200);
    auto order = control(
        "/_control/orders",
        R"({"CardCode":"C40000","DocumentLines":[{"ItemCode":"A00001","Quantity":3,"WarehouseCode":"01"}]})");
    ASSERT_EQ(order.result_int(), 200) << order.body();
    const auto entry = body(order).at("DocEntry").as_int64();
    EXPECT_TRUE(journal_after(mark).empty());  // committing stock to an order posts nothing

    auto delivery = send(bhttp::verb::post, "/b1s/v1/DeliveryNotes",
                         R"({"CardCode":"C40000","DocumentLines":[{"BaseType":17,"BaseEntry":)" +
                             std::to_string(entry) + R"(,"BaseLine":0}]})");
    ASSERT_EQ(delivery.result_int(), 201) << delivery.body();
    const auto delivery_entry = body(delivery).at("DocEntry").as_int64();
    auto out = journal_after(mark);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].at("TransType"), 15);
    EXPECT_EQ(out[0].at("CreatedBy"), delivery_entry);
    EXPECT_EQ(out[0].at("ItemCode"), "A00001");
    EXPECT_EQ(out[0].at("Warehouse"), "01");
    EXPECT_EQ(out[0].at("OutQty"), 3.0);
    EXPECT_EQ(out[0].at("InQty"), 0.0);
    EXPECT_EQ(out[0].at("DocDate"), "2026-02-03");
    EXPECT_EQ(in_stock("A00001", "01"), stock - 3);

    auto cancel =
        send(bhttp::verb::post, "/b1s/v1/DeliveryNotes(" + std::to_string(delivery_entry) + ")/Cancel", "");
    ASSERT_EQ(cancel.result_int(), 204) << cancel.body();
    auto back = journal_after(out[0].at("TransNum").as_int64());
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].at("TransType"), 16);
    EXPECT_EQ(back[0].at("InQty"), 3.0);
    EXPECT_EQ(in_stock("A00001", "01"), stock);

    const auto after = item("A00001");
    EXPECT_EQ(after.at("UpdateDate"), before.at("UpdateDate"));
    EXPECT_EQ(after.at("UpdateTime"), before.at("UpdateTime"));
}

TEST_F(sap_sim_items, stock_booked_by_hand_is_a_receipt_or_an_issue_and_never_goes_negative) {
    open_journal();
    const std::int64_t mark = last_trans_num();
    const auto before = item("A00002");
    const double stock = in_stock("A00002", "02");
    ASSERT_EQ(
        control("/_control/stock", R"({"ItemCode":"A00002","WarehouseCode":"02","delta":5})").result_int(),
        200);
    ASSERT_EQ(
        control("/_control/stock", R"({"ItemCode":"A00002","WarehouseCode":"02","in_stock":2})").result_int(),
        200);
    auto rows = journal_after(mark);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at("TransType"), 59);
    EXPECT_EQ(rows[0].at("InQty"), 5.0);
    EXPECT_EQ(rows[1].at("TransType"), 60);
    EXPECT_EQ(rows[1].at("OutQty"), stock + 5 - 2);
    EXPECT_EQ(in_stock("A00002", "02"), 2.0);
    EXPECT_EQ(item("A00002").at("UpdateDate"), before.at("UpdateDate"));
    EXPECT_EQ(item("A00002").at("UpdateTime"), before.at("UpdateTime"));

    EXPECT_EQ(
        control("/_control/stock", R"({"ItemCode":"A00002","WarehouseCode":"02","delta":-3})").result_int(),
        400);
    EXPECT_EQ(
        control("/_control/stock", R"({"ItemCode":"A00004","WarehouseCode":"01","delta":1})").result_int(),
        400);  // batch-managed: by batch
    EXPECT_EQ(
        control("/_control/stock", R"({"ItemCode":"NOPE","WarehouseCode":"01","delta":1})").result_int(),
        404);
    EXPECT_EQ(control("/_control/stock", R"({"ItemCode":"A00002","WarehouseCode":"01"})").result_int(), 400);
    EXPECT_EQ(journal_after(mark).size(), 2u);

    // A batch's stock set by hand moves the item's stock, journal row included.
    ASSERT_EQ(control("/_control/batches",
                      R"({"ItemCode":"A00004","Batch":"N-1","WarehouseCode":"01","Quantity":4})")
                  .result_int(),
              200);
    auto batch = journal_after(rows[1].at("TransNum").as_int64());
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch[0].at("ItemCode"), "A00004");
    EXPECT_EQ(batch[0].at("InQty"), 4.0);
}

TEST_F(sap_sim_items, changing_an_items_weight_touches_update_date_and_time_but_stock_cannot_be_patched) {
    ASSERT_EQ(control("/_control/clock", R"({"set":"2026-02-03T10:20:30Z"})").result_int(), 200);
    const double stock = in_stock("A00001", "01");
    auto patched =
        send(bhttp::verb::patch, "/b1s/v1/Items('A00001')",
             R"({"SalesUnitWeight":2.5,"ItemWarehouseInfoCollection":[{"WarehouseCode":"01","InStock":1}]})");
    ASSERT_EQ(patched.result_int(), 204) << patched.body();
    auto i = item("A00001");
    EXPECT_EQ(i.at("SalesUnitWeight"), 2.5);
    EXPECT_EQ(i.at("UpdateDate"), "2026-02-03");
    EXPECT_EQ(i.at("UpdateTime"), "10:20:30");
    EXPECT_EQ(in_stock("A00001", "01"), stock);
    auto changed = body(get("/b1s/v1/Items?$filter=UpdateDate ge '2026-02-03'&$select=ItemCode"));
    ASSERT_EQ(changed.at("value").as_array().size(), 1u);
    EXPECT_EQ(changed.at("value").at(0).at("ItemCode"), "A00001");
}

TEST_F(sap_sim_items, a_query_over_oitw_lists_stock_per_warehouse_without_opening_the_journal) {
    auto created = send(
        bhttp::verb::post, "/b1s/v1/SQLQueries",
        R"({"SqlCode":"OITW","SqlText":"SELECT ItemCode, WhsCode, OnHand, IsCommited FROM OITW WHERE WhsCode = :WhsCode"})");
    ASSERT_EQ(created.result_int(), 201) << created.body();
    auto rows = body(get("/b1s/v1/SQLQueries('OITW')/List?WhsCode='02'", "odata.maxpagesize=0"))
                    .at("value")
                    .as_array();
    ASSERT_EQ(rows.size(), 20u);
    for (const auto& r : rows) EXPECT_EQ(r.at("WhsCode"), "02");
    EXPECT_EQ(rows[1].at("ItemCode"), "A00002");
    EXPECT_EQ(rows[1].at("OnHand").to_number<double>(), in_stock("A00002", "02"));
}

}  // namespace
}  // namespace mlc::sim::sap

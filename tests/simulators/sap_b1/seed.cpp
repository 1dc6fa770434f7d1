// Generates the sample company: shipping types, customers, items with stock and batches, open orders.
#include "tests/simulators/sap_b1/seed.hpp"

#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/orders.hpp"
#include "tests/simulators/sap_b1/stock_journal.hpp"
#include "tests/simulators/sap_b1/user_fields.hpp"

#include <boost/json/array.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>

namespace mlc::sim::sap {

namespace {

// splitmix64: tiny, and the same sequence everywhere.
class random {
public:
    explicit random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int between(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }

private:
    std::uint64_t state_;
};

constexpr std::array<std::string_view, 8> adjectives{"Steel", "Compact", "Premium", "Solar",
                                                     "Oak",   "Carbon",  "Classic", "Mini"};
constexpr std::array<std::string_view, 8> nouns{"Widget", "Lamp",    "Drill",   "Bottle",
                                                "Chair",  "Bracket", "Charger", "Kettle"};
constexpr std::array<std::string_view, 8> companies{"Acme",    "Nordwind",  "Bluebird", "Alpenhof",
                                                    "Kestrel", "Lindqvist", "Oakridge", "Marlow"};
struct city {
    std::string_view name, zip, country, street;
};
constexpr std::array<city, 6> cities{{{"Berlin", "10115", "DE", "Invalidenstrasse"},
                                      {"Hamburg", "20095", "DE", "Moenckebergstrasse"},
                                      {"Wien", "1010", "AT", "Graben"},
                                      {"Zuerich", "8001", "CH", "Bahnhofstrasse"},
                                      {"Amsterdam", "1012", "NL", "Damrak"},
                                      {"Lyon", "69002", "FR", "Rue de la Republique"}}};

std::string day(int offset) {
    using namespace std::chrono;
    year_month_day ymd{sys_days{year{2025} / August / 1} + days{offset}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string clock_time(random& rng) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", rng.between(7, 18), rng.between(0, 59),
                  rng.between(0, 59));
    return buf;
}

struct unit_seed {
    int code;
    std::string_view display, name, volume_display;
    double base;  // milligrams (weights) or millimetres (lengths) per unit
};

// Unit codes are company data (reference §8.4.3: the codes of kg or lb are unknown): this company's order is
// its own, so a client that guesses codes instead of reading WeightMeasures and LengthMeasures fails.
constexpr std::array<unit_seed, 4> weight_units{{{1, "g", "Gram", {}, 1000.0},
                                                 {2, "kg", "Kilogram", {}, 1000000.0},
                                                 {3, "lb", "Pound", {}, 453592.37},
                                                 {4, "oz", "Ounce", {}, 28349.523125}}};
constexpr std::array<unit_seed, 5> length_units{{{1, "mm", "Millimetre", "mm3", 1.0},
                                                 {2, "cm", "Centimetre", "cm3", 10.0},
                                                 {3, "m", "Metre", "m3", 1000.0},
                                                 {4, "in", "Inch", "in3", 25.4},
                                                 {5, "ft", "Foot", "ft3", 304.8}}};
constexpr int gram = 1, kilogram = 2, pound = 3, millimetre = 1, centimetre = 2, inch = 4;

// Tariff numbers by noun (a UDF: B1 has no country-neutral HS code field, reference §8.5).
constexpr std::array<std::string_view, 8> hs_codes{"8479.89", "9405.40", "8467.21", "7013.37",
                                                   "9401.61", "7326.90", "8504.40", "8516.79"};

void seed_units(store& s) {
    for (const auto& u : weight_units)
        s.weight_measures[u.code] = {{"UnitCode", u.code},
                                     {"UnitDisplay", u.display},
                                     {"UnitName", u.name},
                                     {"UnitWeightinmg", u.base}};
    for (const auto& u : length_units)
        s.length_measures[u.code] = {{"UnitCode", u.code},
                                     {"UnitDisplay", u.display},
                                     {"UnitName", u.name},
                                     {"UnitCodeforQuantityDisplay", u.volume_display},
                                     {"UnitLengthinmm", u.base}};
}

void seed_shipping_types(store& s) {
    const std::array<std::pair<std::string_view, std::string_view>, 5> types{
        {{"UPS Ground", "https://www.ups.com"},
         {"FedEx Express", "https://www.fedex.com"},
         {"DHL Express", "https://www.dhl.com"},
         {"USPS Priority", "https://www.usps.com"},
         {"Pick-up", ""}}};
    int code = 1;
    for (const auto& [name, site] : types) {
        s.shipping_types[code] = {{"Code", code}, {"Name", name}, {"Website", site}};
        ++code;
    }
}

void seed_partners(store& s, random& rng, int count) {
    for (int i = 0; i < count; ++i) {
        char code[16];
        std::snprintf(code, sizeof code, "C%05d", 40000 + i * 10);
        const city& c = cities[static_cast<std::size_t>(rng.between(0, cities.size() - 1))];
        std::string name = std::string(companies[static_cast<std::size_t>(i) % companies.size()]) + " " +
                           (i < static_cast<int>(companies.size()) ? "GmbH" : "Trading " + std::to_string(i));
        boost::json::array addresses;
        int row = 0;
        for (std::string_view type : {"bo_ShipTo", "bo_BillTo"}) {
            addresses.push_back({{"AddressName", type == "bo_ShipTo" ? "SHIP-01" : "BILL-01"},
                                 {"AddressType", type},
                                 {"Street", c.street},
                                 {"StreetNo", std::to_string(rng.between(1, 120))},
                                 {"Block", nullptr},
                                 {"BuildingFloorRoom", nullptr},
                                 {"City", c.name},
                                 {"ZipCode", c.zip},
                                 {"County", nullptr},
                                 {"State", nullptr},
                                 {"Country", c.country},
                                 {"AddressName2", nullptr},
                                 {"AddressName3", nullptr},
                                 {"RowNum", row++}});
        }
        std::string created = day(-rng.between(30, 400));
        s.partners[code] = {
            {"CardCode", code},
            {"CardName", name},
            {"CardForeignName", nullptr},
            {"CardType", "cCustomer"},
            {"EmailAddress",
             "orders@" + std::string(companies[static_cast<std::size_t>(i) % companies.size()]) + ".example"},
            {"Phone1", "+49 30 " + std::to_string(rng.between(1000000, 9999999))},
            {"Phone2", nullptr},
            {"Cellular", nullptr},
            {"Fax", nullptr},
            {"ShipToDefault", "SHIP-01"},
            {"BilltoDefault", "BILL-01"},
            {"BPAddresses", std::move(addresses)},
            {"ContactEmployees", boost::json::array{}},
            {"ShippingType", rng.between(1, 4)},
            {"Valid", "tYES"},
            {"Frozen", "tNO"},
            {"Currency", "EUR"},
            {"PriceListNum", 1},
            {"PayTermsGrpCode", -1},
            {"UpdateDate", created},
            {"UpdateTime", clock_time(rng)},
            {"CreateDate", created}};
    }
}

// Shipping and customs fields of the i-th item, from its index alone (the random sequence stays as it was):
// weights in kg, lb and g, and every fifth item keeping no weight or size (SalesUnitWeight 0 and
// SalesWeightUnit null, as real payloads show); sizes in cm, in and mm.
void set_shipping_fields(boost::json::object& item, int i, std::string_view code) {
    double weight = item.at("SalesUnitWeight").to_number<double>();
    const bool none = i % 5 == 4;
    const std::array<int, 4> weight_unit_of{kilogram, pound, gram, kilogram};
    const int weight_unit = none ? 0 : weight_unit_of[static_cast<std::size_t>(i % 5)];
    item["SalesUnitWeight"] = none ? 0.0 : weight_unit == gram ? round_to(weight * 100, 6) : weight;
    item["SalesWeightUnit"] = none ? boost::json::value(nullptr) : boost::json::value(weight_unit);
    const std::array<int, 3> length_unit_of{centimetre, inch, millimetre};
    const int length_unit = length_unit_of[static_cast<std::size_t>(i % 3)];
    for (std::string_view side : {"Length", "Width", "Height"}) {
        double cm = item.at("SalesUnit" + std::string(side)).to_number<double>();
        double value = length_unit == inch         ? round_to(cm / 2.54, 1)
                       : length_unit == millimetre ? cm * 10
                                                   : cm;
        item["SalesUnit" + std::string(side)] = none ? 0.0 : value;
        item["Sales" + std::string(side) + "Unit"] =
            none ? boost::json::value(nullptr) : boost::json::value(length_unit);
    }
    item["SalesVolumeUnit"] = length_unit;
    const std::array<boost::json::value, 3> countries{"DE", "CN", nullptr};
    item["ItemCountryOrg"] = countries[static_cast<std::size_t>(i % 3)];
    // User-defined fields exist on every item; most hold nothing.
    item["U_HSCode"] = i % 6 == 5
                           ? boost::json::value(nullptr)
                           : boost::json::value(hs_codes[static_cast<std::size_t>(i) % hs_codes.size()]);
    item["U_SKU"] = i % 7 == 1 ? boost::json::value("CH-" + std::string(code)) : boost::json::value(nullptr);
}

// Bins of warehouse 01 (B1 adds each bin-managed warehouse's system bin first) and the default bin of three
// items in four there; every ninth item is locked in warehouse 02.
void set_bins(store& s) {
    s.bin_locations[1] = {{"AbsEntry", 1},        {"BinCode", "01-SYSTEM-BIN-LOCATION"},
                          {"Warehouse", "01"},    {"Sublevel1", nullptr},
                          {"Sublevel2", nullptr}, {"Sublevel3", nullptr},
                          {"Sublevel4", nullptr}, {"Inactive", "tNO"},
                          {"BarCode", nullptr}};
    int i = 0;
    for (auto& [code, item] : s.items) {
        for (auto& w : item.at("ItemWarehouseInfoCollection").as_array()) {
            auto& row = w.as_object();
            if (string_or(row, "WarehouseCode") == "02" && i % 9 == 8) row["Locked"] = "tYES";
            if (string_or(row, "WarehouseCode") != "01" || i % 4 == 2) continue;
            int entry = static_cast<int>(s.bin_locations.size()) + 1;
            int k = entry - 2;
            char aisle[16];
            std::snprintf(aisle, sizeof aisle, "%02d", k / 4 + 1);
            std::string level = std::to_string(k % 4 + 1);
            s.bin_locations[entry] = {
                {"AbsEntry", entry},    {"BinCode", "01-A-" + std::string(aisle) + "-" + level},
                {"Warehouse", "01"},    {"Sublevel1", "A"},
                {"Sublevel2", aisle},   {"Sublevel3", level},
                {"Sublevel4", nullptr}, {"Inactive", "tNO"},
                {"BarCode", nullptr}};
            row["DefaultBin"] = entry;
        }
        ++i;
    }
}

void seed_items(store& s, random& rng, int count) {
    int batch_entry = 1;
    for (int i = 0; i < count; ++i) {
        char code[16];
        std::snprintf(code, sizeof code, "A%05d", i + 1);
        bool batches = i % 4 == 3;
        bool serials = !batches && i % 7 == 5;
        std::string name = std::string(adjectives[static_cast<std::size_t>(rng.between(0, 7))]) + " " +
                           std::string(nouns[static_cast<std::size_t>(i) % nouns.size()]);
        double price = rng.between(500, 50000) / 100.0;
        std::string created = day(-rng.between(30, 400));
        s.items[code] = {
            {"ItemCode", code},
            {"ItemName", name},
            {"ForeignName", nullptr},
            {"BarCode", "400" + std::to_string(1000000000 + rng.between(0, 99999999))},
            {"ItemBarCodeCollection", boost::json::array{}},
            {"ItemsGroupCode", 100},
            {"QuantityOnStock", 0.0},
            {"QuantityOrderedByCustomers", 0.0},
            {"QuantityOrderedFromVendors", 0.0},
            {"ItemWarehouseInfoCollection", boost::json::array{}},
            {"ItemPrices", boost::json::array{{{"PriceList", 1}, {"Price", price}, {"Currency", "EUR"}}}},
            {"SalesUnit", "Each"},
            {"SalesItemsPerUnit", 1.0},
            {"SalesUnitWeight", rng.between(1, 5000) / 100.0},
            {"SalesWeightUnit", 3},
            {"SalesUnitLength", rng.between(5, 80) * 1.0},
            {"SalesUnitWidth", rng.between(5, 60) * 1.0},
            {"SalesUnitHeight", rng.between(2, 40) * 1.0},
            {"SalesUnitVolume", 0.0},
            {"InventoryItem", "tYES"},
            {"SalesItem", "tYES"},
            {"PurchaseItem", "tYES"},
            {"Valid", "tYES"},
            {"Frozen", "tNO"},
            {"ManageBatchNumbers", batches ? "tYES" : "tNO"},
            {"ManageSerialNumbers", serials ? "tYES" : "tNO"},
            {"ManageStockByWarehouse", "tYES"},
            {"DefaultWarehouse", "01"},
            {"UoMGroupEntry", -1},
            {"InventoryUOM", "Each"},
            {"DefaultSalesUoMEntry", nullptr},
            {"UpdateDate", created},
            {"UpdateTime", clock_time(rng)},
            {"CreateDate", created}};
        set_shipping_fields(s.items[code], i, code);
        for (std::string_view warehouse : {"01", "02"}) {
            int stock = warehouse == "01" ? rng.between(60, 500) : rng.between(0, 80);
            // The opening stock, booked as a goods receipt on the day the item was created.
            if (stock > 0)
                post_stock(s, code, warehouse, stock,
                           {trans_type::goods_receipt, s.next_inventory_entry++, created},
                           sim_time{created, "08:00:00"});
            else
                adjust_stock(s, code, warehouse, 0, 0);  // the warehouse row, empty
            if (!batches) continue;
            // Two batches share the warehouse's stock.
            int first = stock / 2;
            for (int b = 0; b < 2; ++b) {
                std::string batch = "B" + std::string(code).substr(1) + "-" + std::string(warehouse) +
                                    static_cast<char>('A' + b);
                s.batch_stock[{code, batch, std::string(warehouse)}] = b == 0 ? first : stock - first;
                s.batch_details[batch_entry] = {{"DocEntry", batch_entry},
                                                {"ItemCode", code},
                                                {"ItemDescription", name},
                                                {"Status", "bdsStatus_Released"},
                                                {"Batch", batch},
                                                {"BatchAttribute1", nullptr},
                                                {"BatchAttribute2", nullptr},
                                                {"AdmissionDate", created},
                                                {"ManufacturingDate", nullptr},
                                                {"ExpirationDate", day(365 + rng.between(0, 300))},
                                                {"Details", nullptr},
                                                {"SystemNumber", batch_entry}};
                ++batch_entry;
            }
        }
    }
}

void seed_orders(store& s, random& rng, int count) {
    std::vector<std::string> item_codes, partner_codes;
    for (const auto& [code, item] : s.items) item_codes.push_back(code);
    for (const auto& [code, partner] : s.partners) partner_codes.push_back(code);
    for (int i = 0; i < count; ++i) {
        int offset = i / 3;
        sim_time created{day(offset), clock_time(rng)};
        const std::string& card =
            partner_codes[static_cast<std::size_t>(rng.between(0, partner_codes.size() - 1))];
        boost::json::array lines;
        std::set<std::string> used;
        int line_count = rng.between(1, 4);
        for (int l = 0; l < line_count; ++l) {
            const std::string& code =
                item_codes[static_cast<std::size_t>(rng.between(0, item_codes.size() - 1))];
            if (!used.insert(code).second) continue;
            lines.push_back(
                {{"ItemCode", code}, {"Quantity", rng.between(1, 10) * 1.0}, {"WarehouseCode", "01"}});
        }
        boost::json::object body{{"CardCode", card},
                                 {"DocDueDate", day(offset + 7)},
                                 {"NumAtCard", "PO-" + std::to_string(4400 + i)},
                                 {"Comments", "Web order " + std::to_string(1001 + i)},
                                 {"U_WEBORDID", std::to_string(1001 + i)},
                                 {"DocumentLines", std::move(lines)}};
        auto entry = create_order(s, body, created);
        if (!entry) throw std::logic_error("seed: order rejected: " + entry.error().message);
        // Some orders were edited after they were entered.
        touch(s.orders.at(*entry), sim_time{day(offset + rng.between(0, 2)), clock_time(rng)});
    }
}

// The warehouses the stock lives in (01, 02), 03 without stock (the benchmarks map it), and 04, inactive: a
// warehouse no document may use.
void seed_warehouses(store& s) {
    const std::array<std::tuple<std::string_view, std::string_view, std::string_view>, 4> warehouses{
        {{"01", "General Warehouse", "tNO"},
         {"02", "West Coast Warehouse", "tNO"},
         {"03", "East Coast Warehouse", "tNO"},
         {"04", "Old Warehouse", "tYES"}}};
    for (const auto& [code, name, inactive] : warehouses)
        s.warehouses[std::string(code)] = {{"WarehouseCode", code},
                                           {"WarehouseName", name},
                                           {"Inactive", inactive},
                                           {"Street", nullptr},
                                           {"City", nullptr},
                                           {"ZipCode", nullptr},
                                           {"Country", "US"},
                                           {"State", nullptr},
                                           {"EnableBinLocations", code == "01" ? "tYES" : "tNO"}};
}

}  // namespace

store make_seeded_store(const seed_options& options) {
    if (options.orders < 0 || options.items < 0 || options.partners < 0)
        throw std::invalid_argument("seed counts must not be negative");
    if (options.orders > 0 && (options.items == 0 || options.partners == 0))
        throw std::invalid_argument("orders need at least one item and one partner");
    store s;
    random rng(options.seed);
    seed_user_fields(s);
    seed_shipping_types(s);
    seed_warehouses(s);
    seed_partners(s, rng, options.partners);
    seed_units(s);
    seed_items(s, rng, options.items);
    set_bins(s);
    seed_orders(s, rng, options.orders);
    return s;
}

}  // namespace mlc::sim::sap

// User-defined fields: the set-to-table map, lookups, and the sample company's fields.
#include "tests/simulators/sap_b1/user_fields.hpp"

#include "tests/simulators/sap_b1/schema.hpp"

#include <array>
#include <string>

namespace mlc::sim::sap {

namespace {

struct set_tables {
    std::string_view set;
    std::string_view header;
    std::string_view line;
};

constexpr std::array<set_tables, 5> tables{{
    {"Orders", "ORDR", "RDR1"},
    {"DeliveryNotes", "ODLN", "DLN1"},
    {"Drafts", "ODRF", "DRF1"},
    {"Items", "OITM", ""},
    {"BusinessPartners", "OCRD", ""},
}};

const set_tables* tables_of(std::string_view set) noexcept {
    for (const auto& t : tables)
        if (t.set == set) return &t;
    return nullptr;
}

bool has_field(const store& s, std::string_view table, std::string_view property) noexcept {
    if (table.empty() || !property.starts_with("U_")) return false;
    std::string_view name = property.substr(2);
    for (const auto& [key, row] : s.user_fields)
        if (key.first == table && row.at("Name").as_string() == name) return true;
    return false;
}

}  // namespace

std::string_view header_table(std::string_view set) noexcept {
    const auto* t = tables_of(set);
    return t ? t->header : std::string_view();
}

std::string_view line_table(std::string_view set) noexcept {
    const auto* t = tables_of(set);
    return t ? t->line : std::string_view();
}

bool defined_property(const store& s, std::string_view set, std::string_view property) noexcept {
    if (property.starts_with("U_")) return has_field(s, header_table(set), property);
    return known_property(set, property);
}

bool defined_line_property(const store& s, std::string_view set, std::string_view property) noexcept {
    if (property.starts_with("U_")) return has_field(s, line_table(set), property);
    return known_line_property(property);
}

sl_result<boost::json::object> add_user_field(store& s, std::string_view table, std::string_view name,
                                              std::string_view type, int size) {
    if (table.empty() || name.empty() || type.empty())
        return business_error(-1000, "TableName, Name and Type are required");
    if (name.starts_with("U_")) return business_error(-1000, "Name is given without the U_ prefix");
    if (has_field(s, table, "U_" + std::string(name)))
        return business_error(
            -1000, "Field '" + std::string(name) + "' already exists in table '" + std::string(table) + "'");
    int id = 0;
    for (const auto& [key, row] : s.user_fields)
        if (key.first == table && key.second >= id) id = key.second + 1;
    boost::json::object row{{"TableName", table},   {"FieldID", id},       {"Name", name},
                            {"Type", type},         {"Description", name}, {"Size", size},
                            {"SubType", "st_None"}, {"Mandatory", "tNO"},  {"DefaultValue", nullptr}};
    s.user_fields[{std::string(table), id}] = row;
    return row;
}

bool remove_user_field(store& s, std::string_view table, std::string_view name) noexcept {
    for (auto it = s.user_fields.begin(); it != s.user_fields.end(); ++it)
        if (it->first.first == table && it->second.at("Name").as_string() == name) {
            s.user_fields.erase(it);
            return true;
        }
    return false;
}

void seed_user_fields(store& s) {
    struct field {
        std::string_view name;
        std::string_view type;
        int size;
    };
    // Marketing-document header fields: B1 creates them on every document table at once.
    constexpr field document_fields[] = {
        {"WEBORDID", "db_Alpha", 50},      {"ShipmentId", "db_Alpha", 50},
        {"ShipStatus", "db_Alpha", 100},   {"Carrier", "db_Alpha", 50},
        {"Service", "db_Alpha", 50},       {"ShipDate", "db_Date", 10},
        {"ShipStationId", "db_Alpha", 50}, {"SendToShipStation", "db_Alpha", 1},
        {"Channel", "db_Alpha", 30}};
    for (std::string_view table : {"ORDR", "ODLN", "ODRF"})
        for (const auto& f : document_fields) (void)add_user_field(s, table, f.name, f.type, f.size);
    constexpr field item_fields[] = {
        {"SKU", "db_Alpha", 50}, {"HSCode", "db_Alpha", 20}, {"ChannelSku", "db_Alpha", 50}};
    for (const auto& f : item_fields) (void)add_user_field(s, "OITM", f.name, f.type, f.size);
}

}  // namespace mlc::sim::sap

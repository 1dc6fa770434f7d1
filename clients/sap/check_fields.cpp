// The check's "sap fields", "sap date filter" and "sap batch property" findings.
#include "clients/sap/check_fields.hpp"

#include "clients/sap/discovery.hpp"
#include "clients/sap/odata_query.hpp"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace mlc::clients::sap {

namespace {

// A configured field, the setting that names it, and the table it must be on.
struct wanted_field {
    std::string field;    // "U_ShipmentId"
    std::string setting;  // "MLC_DELIVERY_STAMP_FIELD"
    std::string table;    // "ODLN"
};

std::string_view object_name(std::string_view table) {
    if (table == "ODLN") return "Marketing Documents (Deliveries, ODLN)";
    if (table == "ORDR") return "Marketing Documents (Sales Orders, ORDR)";
    return "Master Data > Items (OITM)";
}

std::vector<wanted_field> wanted_fields(const app_config& cfg) {
    std::vector<wanted_field> all{
        {cfg.shipments.stamp_field, "MLC_DELIVERY_STAMP_FIELD", "ODLN"},
        {cfg.shipments.order_carrier_field, "MLC_ORDER_CARRIER_FIELD", "ORDR"},
        {cfg.shipments.order_service_field, "MLC_ORDER_SERVICE_FIELD", "ORDR"},
        {cfg.shipments.order_ship_date_field, "MLC_ORDER_SHIP_DATE_FIELD", "ORDR"},
        {cfg.shipments.order_status_field, "MLC_ORDER_STATUS_FIELD", "ORDR"},
        {cfg.orders.flag_field, "MLC_ORDER_FLAG", "ORDR"},
        {cfg.items.sku_field, "MLC_SKU_FIELD", "OITM"},
        {cfg.items.tariff_field, "MLC_TARIFF_FIELD", "OITM"},
    };
    for (std::size_t i = 0; i < cfg.orders.custom_fields.size(); ++i)
        all.push_back({cfg.orders.custom_fields[i], "MLC_CUSTOM_FIELD_" + std::to_string(i + 1), "ORDR"});
    std::vector<wanted_field> user_fields;
    for (auto& w : all)
        if (w.field.starts_with("U_")) user_fields.push_back(std::move(w));
    return user_fields;
}

// (TableName, Name) of every user field on `tables`.
boost::asio::awaitable<outcome<std::set<std::pair<std::string, std::string>>>> defined_fields(
    client& c, const std::set<std::string>& tables) {
    std::string filter;
    for (const auto& t : tables)
        filter += (filter.empty() ? "" : " or ") + ("TableName eq " + string_literal(t));
    odata_query q;
    q.filter(filter).select({"TableName", "Name"});
    auto rows = co_await c.read_all("check_fields", "/UserFieldsMD" + q.to_string());
    if (!rows) co_return rows.error();
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& row : *rows) {
        const auto* o = row.if_object();
        const auto* table = o ? o->if_contains("TableName") : nullptr;
        const auto* name = o ? o->if_contains("Name") : nullptr;
        if (table && name && table->is_string() && name->is_string())
            out.emplace(std::string(table->get_string()), std::string(name->get_string()));
    }
    co_return out;
}

boost::asio::awaitable<check_finding> check_user_fields(client& c, const app_config& cfg) {
    const std::string name = "sap fields";
    const auto wanted = wanted_fields(cfg);
    if (wanted.empty()) co_return skip_finding(name, "no U_ field is configured");
    std::set<std::string> tables;
    for (const auto& w : wanted) tables.insert(w.table);
    auto defined = co_await defined_fields(c, tables);
    if (!defined)
        co_return fail_finding(name, "UserFieldsMD could not be read: " + defined.error().describe(),
                               "give the Service Layer user read access to the user-defined fields "
                               "(UserFieldsMD), or see the sap line");
    std::string found, missing, actions;
    for (const auto& w : wanted) {
        const std::string entry = w.field + " (" + w.setting + ") on " + w.table;
        if (defined->contains({w.table, w.field.substr(2)})) {
            found += (found.empty() ? "" : ", ") + entry;
            continue;
        }
        missing += (missing.empty() ? "" : "; ") + entry + " is missing";
        actions += (actions.empty() ? "" : "; ") + std::string("create ") + w.field.substr(2) + " on " +
                   std::string(object_name(w.table)) + " or change " + w.setting;
    }
    if (missing.empty()) co_return ok_finding(name, found);
    co_return fail_finding(name, missing,
                           actions +
                               ". In SAP: Tools > Customization Tools > User-Defined Fields - Management; "
                               "then restart Service Layer (a new field is not visible to it until then)");
}

boost::asio::awaitable<check_finding> check_date_filter(client& c) {
    const std::string name = "sap date filter";
    auto form = co_await learn_date_form(c);
    if (!form)
        co_return fail_finding(
            name, form.error().describe(),
            "the orders and items pollers cannot filter by UpdateDate: report this Service "
            "Layer's version (see the sap line) to the connector's maintainers");
    co_return ok_finding(name, "UpdateDate filters are written " + std::string(describe(*form)) +
                                   ", the form this Service Layer (API " +
                                   std::string(to_string(c.version())) + ") accepts");
}

boost::asio::awaitable<check_finding> check_batch_property(client& c) {
    const std::string name = "sap batch property";
    auto choice = co_await learn_batch_property(c);
    if (!choice.from_metadata)
        co_return warn_finding(name, choice.why + "; deliveries with batches will send " + choice.property,
                               "make GET /b1s/<version>/$metadata readable for the Service Layer user; if "
                               "Service Layer runs in WCFCompatible mode, batch deliveries need "
                               "BatchNumberProperty and will be refused until it is");
    co_return ok_finding(name, "document lines carry batches as " + choice.property + " ($metadata)");
}

}  // namespace

boost::asio::awaitable<check_findings> check_fields(client& c, const app_config& cfg) {
    check_findings out;
    out.push_back(co_await check_user_fields(c, cfg));
    out.push_back(co_await check_date_filter(c));
    out.push_back(co_await check_batch_property(c));
    co_return out;
}

}  // namespace mlc::clients::sap

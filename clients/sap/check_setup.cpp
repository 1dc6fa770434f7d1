// The set-up findings of `ml-connector check`: MLC_CARRIER_MAP against ShippingTypes, the configured
// warehouses against Warehouses, ApprovalTemplates covering deliveries, the session timeout's keep-alive.
#include "clients/sap/check_setup.hpp"

#include "clients/sap/company_setup.hpp"
#include "clients/sap/master_data.hpp"
#include "clients/sap/session_timing.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace mlc::clients::sap {

namespace {

std::string joined(const std::vector<std::string>& parts, std::string_view separator = ", ") {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : std::string(separator)) + p;
    return out;
}

// "45 s", "24 min", "1 min 30 s".
std::string duration_text(std::chrono::steady_clock::duration d) {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(d).count();
    if (seconds < 60) return std::to_string(seconds) + " s";
    std::string out = std::to_string(seconds / 60) + " min";
    if (seconds % 60 != 0) out += " " + std::to_string(seconds % 60) + " s";
    return out;
}

check_finding read_failed(const std::string& name, const std::string& set, const error& e) {
    return fail_finding(name, "/" + set + " not readable: " + e.describe(),
                        "give MLC_SAP_USERNAME read access to " + set + " in SAP (see also the sap line)");
}

// The configured warehouses, each with the setting that names it.
std::vector<std::pair<std::string, std::string>> configured_warehouses(const app_config& cfg) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& code : cfg.orders.warehouses) out.emplace_back(code, "MLC_ORDER_WAREHOUSES");
    for (const auto& [code, id] : cfg.orders.warehouse_map) out.emplace_back(code, "MLC_WAREHOUSE_MAP");
    for (const auto& [code, id] : cfg.inventory.location_map)
        out.emplace_back(code, "MLC_INVENTORY_LOCATION_MAP");
    return out;
}

// DocumentType as an enum name (atdtDelivery) or, from a version that gives DB values, the object type 15.
bool covers_deliveries(const approval_template& t) {
    return std::ranges::any_of(
        t.document_types, [](const std::string& type) { return type == "atdtDelivery" || type == "15"; });
}

}  // namespace

boost::asio::awaitable<check_finding> check_carriers(client& c, const shipments_config& cfg) {
    const std::string name = "sap carriers";
    if (cfg.carrier_map.empty())
        co_return skip_finding(name, "MLC_CARRIER_MAP is empty: deliveries keep the order's shipping type");
    auto types = co_await shipping_types(c);
    if (!types) co_return read_failed(name, "ShippingTypes", types.error());
    std::vector<std::string> existing, missing, mapped;
    for (const auto& t : *types) existing.push_back(std::to_string(t.code) + " " + t.name);
    for (const auto& [carrier, code] : cfg.carrier_map) {
        auto found = std::ranges::find(*types, code, &shipping_type::code);
        if (found == types->end())
            missing.push_back("code " + std::to_string(code) + " (ShipStation " + carrier + ")");
        else
            mapped.push_back(carrier + " -> " + std::to_string(code) + " " + found->name);
    }
    if (missing.empty())
        co_return ok_finding(name, "every MLC_CARRIER_MAP code is a shipping type: " + joined(mapped));
    co_return fail_finding(
        name,
        "MLC_CARRIER_MAP names shipping types SAP does not have: " + joined(missing) +
            "; ShippingTypes has " + (existing.empty() ? std::string("none") : joined(existing)),
        "map each carrier to an existing code in MLC_CARRIER_MAP, or create the shipping type in SAP "
        "(Administration > Setup > General > Shipping Types); SAP refuses a delivery with an unknown code");
}

boost::asio::awaitable<check_finding> check_warehouses(client& c, const app_config& cfg) {
    const std::string name = "sap warehouses";
    auto wanted = configured_warehouses(cfg);
    if (wanted.empty())
        co_return skip_finding(name,
                               "no warehouse configured (MLC_ORDER_WAREHOUSES, MLC_WAREHOUSE_MAP, "
                               "MLC_INVENTORY_LOCATION_MAP)");
    auto all = co_await warehouses(c);
    if (!all) co_return read_failed(name, "Warehouses", all.error());
    std::vector<std::string> problems, existing;
    for (const auto& w : *all)
        if (!w.inactive) existing.push_back(w.code + " " + w.name);
    for (const auto& [code, setting] : wanted) {
        auto found = std::ranges::find(*all, code, &warehouse::code);
        if (found == all->end())
            problems.push_back(code + " (" + setting + ") does not exist");
        else if (found->inactive)
            problems.push_back(code + " (" + setting + ") is inactive");
    }
    if (problems.empty())
        co_return ok_finding(name, "every configured warehouse exists and is active (" +
                                       std::to_string(wanted.size()) + " settings checked)");
    co_return fail_finding(
        name,
        "warehouse " + joined(problems, "; warehouse ") +
            "; active warehouses: " + (existing.empty() ? std::string("none") : joined(existing)),
        "use SAP's WarehouseCode values in the named settings, or create or reactivate the warehouse in SAP "
        "(Administration > Setup > Inventory > Warehouses)");
}

boost::asio::awaitable<check_finding> check_approvals(client& c) {
    const std::string name = "sap approvals";
    auto templates = co_await approval_templates(c);
    if (!templates)
        co_return warn_finding(
            name,
            "approval templates not readable (" + templates.error().describe() +
                "): whether deliveries wait for approval is unknown",
            "check in SAP (Administration > Approval Procedures > Approval Templates) that no "
            "active template covers deliveries for MLC_SAP_USERNAME");
    std::vector<std::string> covering;
    for (const auto& t : *templates)
        if (t.active && covers_deliveries(t))
            covering.push_back(std::to_string(t.code) + " \"" + t.name + "\"");
    if (covering.empty()) co_return ok_finding(name, "no active approval template covers deliveries");
    co_return warn_finding(
        name,
        "deliveries will wait for approval: approval template " + joined(covering) +
            " covers deliveries, so SAP saves each delivery as a draft; the connector records the shipment "
            "as "
            "waiting for that draft (a dead letter until it is approved)",
        "in SAP (Administration > Approval Procedures > Approval Templates) take MLC_SAP_USERNAME out of the "
        "template's originators, or have someone approve the drafts as they come");
}

check_finding check_session(const client& c) {
    const std::string name = "sap session";
    auto info = c.last_login();
    if (!info) return skip_finding(name, "no Login yet");
    session_timing timing(c.config().timing);
    timing.logged_in({}, info->session_timeout);
    const auto margin = timing.margin();
    const std::string detail = "SessionTimeout " + std::to_string(info->session_timeout.count()) + " min" +
                               (info->timeout_reported ? "" : " (not reported at Login; 30 assumed)") +
                               ": an idle session is kept alive after " +
                               duration_text(info->session_timeout - margin) + ", " + duration_text(margin) +
                               " before it would expire";
    // The keep-alive is one request: when the margin is shorter than one attempt may take, a slow answer on a
    // busy node outlasts it and the session is lost (a new Login, and a replayed request) every so often.
    // With the default fifth-of-the-timeout margin and 60 s attempts that is any timeout under 5 minutes.
    if (margin < c.config().attempt_timeout)
        return warn_finding(name,
                            detail + ", shorter than one request may take (MLC_SAP_REQUEST_TIMEOUT " +
                                duration_text(c.config().attempt_timeout) + ")",
                            "ask the SAP administrator to raise SessionTimeout in Service Layer's b1s.conf "
                            "(default 30 minutes)");
    return ok_finding(name, detail);
}

}  // namespace mlc::clients::sap

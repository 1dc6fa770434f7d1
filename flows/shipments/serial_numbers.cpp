// Reading serial numbers from ShipStation item options.
#include "flows/shipments/serial_numbers.hpp"

#include "common/setting_parsers.hpp"
#include "flows/reason_text.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

namespace mlc::flows::shipments {

namespace {

namespace sap = clients::sap;

std::string_view trimmed(std::string_view s) {
    constexpr std::string_view space = " \t\r\n";
    auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(space) - first + 1);
}

bool serial_option(std::string_view name, const std::vector<std::string>& option_names) {
    return std::any_of(option_names.begin(), option_names.end(),
                       [&](const std::string& n) { return equals_ignoring_case(trimmed(name), trimmed(n)); });
}

void split_into(std::string_view value, std::vector<std::string>& out) {
    constexpr std::string_view separators = ",; \t\r\n";
    while (!value.empty()) {
        auto end = value.find_first_of(separators);
        if (end != 0) out.emplace_back(value.substr(0, end));
        if (end == std::string_view::npos) break;
        value.remove_prefix(end + 1);
    }
}

std::string names_text(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

}  // namespace

boost::system::result<std::vector<sap::serial_allocation>, std::string> serials_from_options(
    const std::string& item_code, double quantity, const boost::json::array& shipment_items,
    const std::vector<std::string>& option_names) {
    const std::string item = "serial-managed item " + item_code;
    if (shipment_items.empty())
        return item +
               " needs serial numbers, and a fulfillment (an order marked shipped without a label) carries "
               "no item options to take them from";
    if (std::trunc(quantity) != quantity)
        return item + ": a quantity of " + number_text(quantity) + " cannot carry serial numbers";
    std::vector<std::string> serials;
    bool found = false;
    for (const auto& si : shipment_items) {
        const auto* options = si.is_object() ? si.as_object().if_contains("options") : nullptr;
        if (!options || !options->is_array()) continue;
        for (const auto& o : options->as_array()) {
            const auto* name = o.is_object() ? o.as_object().if_contains("name") : nullptr;
            const auto* value = o.is_object() ? o.as_object().if_contains("value") : nullptr;
            if (!name || !name->is_string() || !serial_option(name->get_string(), option_names)) continue;
            found = true;
            if (value && value->is_string()) split_into(value->get_string(), serials);
        }
    }
    if (!found)
        return item + ": " + number_text(quantity) +
               " shipped, and its ShipStation item has no option named " + names_text(option_names) +
               " to take serial numbers from";
    if (static_cast<double>(serials.size()) != quantity)
        return item + ": " + number_text(quantity) + " shipped, but its ShipStation item options give " +
               std::to_string(serials.size()) + " serial numbers";
    std::set<std::string_view> seen;
    std::vector<sap::serial_allocation> out;
    for (const auto& s : serials) {
        if (!seen.insert(s).second) return item + ": serial number " + s + " is given twice";
        out.push_back({s, std::nullopt, 1});
    }
    return out;
}

}  // namespace mlc::flows::shipments

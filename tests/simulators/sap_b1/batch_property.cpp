// Renaming document lines' batch collection between the WCFCompatible wire name and the store's name.
#include "tests/simulators/sap_b1/batch_property.hpp"

namespace mlc::sim::sap {

namespace {

// Each object in document["DocumentLines"].
template <class F>
void for_each_line(boost::json::object& document, F&& f) {
    auto* lines = document.if_contains("DocumentLines");
    if (!lines || !lines->is_array()) return;
    for (auto& line : lines->get_array())
        if (line.is_object()) f(line.get_object());
}

void rename(boost::json::object& line, std::string_view from, std::string_view to) {
    auto it = line.find(from);
    if (it == line.end()) return;
    boost::json::value v = std::move(it->value());
    line.erase(it);
    line[to] = std::move(v);
}

}  // namespace

std::optional<sl_error> batches_from_wire(boost::json::object& document, bool wcf) {
    if (!wcf) return std::nullopt;
    std::optional<sl_error> refused;
    for_each_line(document, [&](boost::json::object& line) {
        if (line.contains("BatchNumbers")) refused = invalid_property("BatchNumbers", "DocumentLine");
        rename(line, "BatchNumberProperty", "BatchNumbers");
    });
    return refused;
}

void batches_to_wire(boost::json::object& document, bool wcf) {
    if (!wcf) return;
    for_each_line(document,
                  [](boost::json::object& line) { rename(line, "BatchNumbers", "BatchNumberProperty"); });
}

}  // namespace mlc::sim::sap

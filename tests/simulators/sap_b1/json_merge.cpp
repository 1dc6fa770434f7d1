// The differential merge behind PATCH, collection by collection.
#include "tests/simulators/sap_b1/json_merge.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cstdint>

namespace mlc::sim::sap {

namespace {

void merge_collection(boost::json::array& stored, const boost::json::array& sent, std::string_view key,
                      const merge_options& options) {
    for (const auto& element : sent) {
        const auto* patch = element.if_object();
        if (!patch) {
            stored.push_back(element);
            continue;
        }
        const boost::json::value* k = patch->if_contains(key);
        boost::json::object* match = nullptr;
        if (k) {
            for (auto& s : stored)
                if (auto* o = s.if_object(); o && o->if_contains(key) && (*o)[key] == *k) match = o;
        }
        if (match) {
            merge_patch(*match, *patch, options);
            continue;
        }
        boost::json::object added;
        merge_patch(added, *patch, options);
        if (!k) {
            // A new element: numeric keys continue after the largest one (LineNum of a new line).
            std::int64_t next = 0;
            bool numeric = stored.empty();
            for (const auto& s : stored) {
                const auto* o = s.if_object();
                const auto* v = o ? o->if_contains(key) : nullptr;
                if (v && v->is_int64()) {
                    numeric = true;
                    next = std::max(next, v->get_int64() + 1);
                }
            }
            if (numeric) added[key] = next;
        } else {
            added[key] = *k;
        }
        stored.push_back(std::move(added));
    }
}

}  // namespace

std::string_view collection_key(std::string_view collection) noexcept {
    if (collection == "ItemWarehouseInfoCollection") return "WarehouseCode";
    if (collection == "BPAddresses") return "RowNum";
    if (collection == "ContactEmployees") return "InternalCode";
    return "LineNum";
}

void merge_patch(boost::json::object& target, const boost::json::object& patch,
                 const merge_options& options) {
    for (const auto& [name, value] : patch) {
        if (options.read_only.contains(std::string_view(name))) continue;
        boost::json::value* stored = target.if_contains(name);
        if (stored && stored->is_object() && value.is_object()) {
            merge_patch(stored->get_object(), value.get_object(), options);
        } else if (stored && stored->is_array() && value.is_array() && !options.replace_collections) {
            merge_collection(stored->get_array(), value.get_array(), collection_key(name), options);
        } else if (value.is_object() && !stored) {
            boost::json::object fresh;
            merge_patch(fresh, value.get_object(), options);
            target[name] = std::move(fresh);
        } else {
            target[name] = value;
        }
    }
}

}  // namespace mlc::sim::sap

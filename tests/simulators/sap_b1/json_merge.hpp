// PATCH semantics of Service Layer: differential update, complex types merged, collections merged by key.
#pragma once

#include <boost/json/object.hpp>

#include <set>
#include <string>
#include <string_view>

namespace mlc::sim::sap {

struct merge_options {
    bool replace_collections = false;              // B1S-ReplaceCollectionsOnPatch: true
    std::set<std::string, std::less<>> read_only;  // silently ignored wherever they appear (keys excepted)
};

// The key property of a collection's elements: "LineNum" for DocumentLines (the default), "WarehouseCode"
// for ItemWarehouseInfoCollection, "RowNum" for BPAddresses, "InternalCode" for ContactEmployees.
std::string_view collection_key(std::string_view collection) noexcept;

// Applies `patch` to `target`: scalars replace, objects merge property by property, arrays of objects
// merge element by element on the collection key (an element with an unknown or no key is appended, with
// the next numeric key when the key is numeric) unless replace_collections, where the sent array replaces
// the stored one. Read-only properties are ignored. Throws std::bad_alloc only.
void merge_patch(boost::json::object& target, const boost::json::object& patch, const merge_options& options);

}  // namespace mlc::sim::sap

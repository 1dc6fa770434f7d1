// One page of an OData collection: its rows and where the next page is (odata.nextLink in v1,
// @odata.nextLink in v2).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mlc::clients::sap {

struct collection_page {
    boost::json::array rows;                 // the "value" array
    std::optional<std::string> next_target;  // the next page as a target for the HTTP client ("/Orders?...")
};

// The next link of a collection answer, under either key; nullopt if there is none. Never throws except
// std::bad_alloc.
std::optional<std::string> next_link(const boost::json::object& body);

// Turns a next link into a target relative to the service root `base_path` ("/b1s/v1"): v1 gives an absolute
// path ("/b1s/v1/Orders?$skip=20"), v2 a path relative to the root ("Orders?$skip=20"); an absolute URL is
// cut to its path. nullopt if the link leads outside the service root. Throws std::bad_alloc only.
std::optional<std::string> next_target(std::string_view link, std::string_view base_path);

// Reads a collection answer. nullopt if `body` is not a JSON object with a "value" array, or its next link
// leads outside `base_path`. Throws std::bad_alloc only.
std::optional<collection_page> parse_collection_page(std::string_view body, std::string_view base_path);

}  // namespace mlc::clients::sap

// SAP documents for unit tests, parsed from JSON text the way the flows receive them from the Service Layer.
#pragma once

#include "clients/sap/documents.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace mlc::test {

// Throws std::invalid_argument if `json` is not a document, boost::system::system_error if it is not JSON.
inline clients::sap::document order_from(std::string_view json) {
    auto d = clients::sap::parse_document(boost::json::parse(json));
    if (!d) throw std::invalid_argument("not a document: " + std::string(json));
    return *d;
}

}  // namespace mlc::test

// The company's set-up the configuration relies on: its warehouses and its approval templates.
#pragma once

#include "clients/sap/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

namespace mlc::clients::sap {

struct warehouse {
    std::string code;       // WarehouseCode (the key)
    std::string name;       // WarehouseName
    bool inactive = false;  // Inactive == tYES: no document may use it
};

struct approval_template {
    int code = 0;                             // Code (the key)
    std::string name;                         // Name
    bool active = false;                      // IsActive == tYES
    std::vector<std::string> document_types;  // ApprovalTemplateDocuments[].DocumentType ("atdtDelivery")
};

// Every Warehouses entry, ordered by WarehouseCode. Returns them or the error (bad_response for a row
// without WarehouseCode). Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<warehouse>>> warehouses(client& c);

// Every ApprovalTemplates entry (Service Layer's name for the approval procedures, OWTM), ordered by Code.
// Returns them or the error (bad_response for a row without Code). Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<approval_template>>> approval_templates(client& c);

}  // namespace mlc::clients::sap

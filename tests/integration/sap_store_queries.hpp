// Questions integration tests ask the SAP simulator's store directly (header-only: only integration_tests
// links the simulators). Call them inside with_store, which holds the store's lock.
#pragma once

#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <vector>

namespace mlc::test {

// DocEntries of the orders that need no serial numbers and, per `with_batches`, batch numbers on some line
// or on none (a delivery without allocations succeeds only for the latter), in DocEntry order.
inline std::vector<int> orders_with_batches(const sim::sap::store& s, bool with_batches) {
    std::vector<int> out;
    for (const auto& [entry, order] : s.orders) {
        bool batch = false, serial = false;
        for (const auto& l : order.at("DocumentLines").as_array()) {
            const auto& item = s.items.at(sim::sap::string_or(l.as_object(), "ItemCode"));
            batch = batch || sim::sap::string_or(item, "ManageBatchNumbers") == "tYES";
            serial = serial || sim::sap::string_or(item, "ManageSerialNumbers") == "tYES";
        }
        if (batch == with_batches && !serial) out.push_back(entry);
    }
    return out;
}

// The deliveries with a line based on order `doc_entry`, in DocEntry order.
inline std::vector<boost::json::object> deliveries_based_on(const sim::sap::store& s, int doc_entry) {
    std::vector<boost::json::object> out;
    for (const auto& [entry, d] : s.deliveries)
        for (const auto& l : d.at("DocumentLines").as_array())
            if (l.as_object().contains("BaseEntry") && l.at("BaseEntry").as_int64() == doc_entry) {
                out.push_back(d);
                break;
            }
    return out;
}

}  // namespace mlc::test

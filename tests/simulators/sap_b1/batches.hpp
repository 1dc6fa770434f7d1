// Batch stock per warehouse (what B1 keeps in OBTQ, joined with the batch master OBTN): the rows the batch
// stock query answers with, and the control interface's way to set a batch's stock and dates.
#pragma once

#include "tests/simulators/sap_b1/sl_error.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string_view>

namespace mlc::sim::sap {

// The batches of `item` with stock in `warehouse`, in batch order, as the stored query reading OBTQ and OBTN
// answers: ItemCode, BatchNumber, WhsCode, Available (the batch's stock there: the simulator commits no
// batches), AdmissionDate, ExpirationDate, Status (OBTN's database value: "0" released, "1" not accessible,
// "2" locked). Throws std::bad_alloc only.
boost::json::array batch_stock_rows(const store& s, std::string_view item, std::string_view warehouse);

// Sets one batch from {"ItemCode","Batch"} and any of "WarehouseCode" with "Quantity" (the stock there; the
// item's InStock moves by the difference as a goods receipt or issue would, journal row included),
// "ExpirationDate", "AdmissionDate" (dates or null) and "Status" (bdsStatus_Released, _NotAccessible,
// _Locked). A new batch is added to BatchNumberDetails, admitted `now`. Returns the error for a missing or
// malformed field or an unknown item.
std::optional<sl_error> put_batch(store& s, const boost::json::object& body, const sim_time& now);

}  // namespace mlc::sim::sap

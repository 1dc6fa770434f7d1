// WCFCompatible mode's name for a document line's batches: BatchNumberProperty on the wire, BatchNumbers in
// the store (reference §7.4).
#pragma once

#include "tests/simulators/sap_b1/sl_error.hpp"

#include <boost/json/object.hpp>

#include <optional>

namespace mlc::sim::sap {

// A document body as sent, made ready for the store. With `wcf`, a line's BatchNumbers is refused as an
// unknown property (-1000) and its BatchNumberProperty becomes BatchNumbers; without, nothing changes (the
// schema refuses BatchNumberProperty). Throws std::bad_alloc only.
std::optional<sl_error> batches_from_wire(boost::json::object& document, bool wcf);

// A stored document made ready to send: with `wcf`, each line's BatchNumbers becomes BatchNumberProperty.
// Throws std::bad_alloc only.
void batches_to_wire(boost::json::object& document, bool wcf);

}  // namespace mlc::sim::sap

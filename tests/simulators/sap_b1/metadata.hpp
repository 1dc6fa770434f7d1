// GET /b1s/{v1|v2}/$metadata: a small CSDL document shaped like Service Layer's (OData v3 for v1, v4 for v2).
#pragma once

#include "tests/simulators/sap_b1/sap_values.hpp"
#include "tests/simulators/sap_b1/sl_responses.hpp"
#include "tests/simulators/sap_b1/store.hpp"

namespace mlc::sim::sap {

// The model of the documents, their lines (the batch collection named BatchNumbers, or BatchNumberProperty
// in WCFCompatible mode: s.rules.batch_number_property) with the lines' U_ fields of RDR1, the headers' U_
// fields of ORDR, and the entity sets, as application/xml. Throws std::bad_alloc only.
response metadata_response(const store& s, api_version version);

}  // namespace mlc::sim::sap

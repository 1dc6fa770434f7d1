// The company's user-defined fields (UserFieldsMD, SAP's CUFD): which U_ field exists on which table.
#pragma once

#include "tests/simulators/sap_b1/sl_error.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <string_view>

namespace mlc::sim::sap {

// The table behind an entity set's header ("ORDR" for Orders, "ODLN" DeliveryNotes, "ODRF" Drafts, "OITM"
// Items, "OCRD" BusinessPartners), and behind its document lines ("RDR1", "DLN1", "DRF1"); "" when the set
// has none here (so it has no user fields). Never throws.
std::string_view header_table(std::string_view set) noexcept;
std::string_view line_table(std::string_view set) noexcept;

// True when `property` is a standard property of `set` (schema.hpp), or a U_ field defined on its table.
// Never throws.
bool defined_property(const store& s, std::string_view set, std::string_view property) noexcept;

// The same for a document line of `set`.
bool defined_line_property(const store& s, std::string_view set, std::string_view property) noexcept;

// Adds the field `name` (without U_) to `table` with the next FieldID, as User-Defined Fields - Management
// does; refuses (-1000) a name that exists on that table or a missing table, name or type. Returns the new
// UserFieldsMD row. Throws std::bad_alloc only.
sl_result<boost::json::object> add_user_field(store& s, std::string_view table, std::string_view name,
                                              std::string_view type, int size = 50);

// Removes the field; false when `table` has no such field. Never throws.
bool remove_user_field(store& s, std::string_view table, std::string_view name) noexcept;

// The sample company's fields: what the seeded data holds (U_WEBORDID, U_SKU, U_HSCode) and what an
// integrator of this connector creates (the shipment stamp, the order's ship fields, the order flag, a
// channel SKU). Marketing-document fields exist on ORDR, ODLN and ODRF alike, as B1 adds them.
// Throws std::bad_alloc only.
void seed_user_fields(store& s);

}  // namespace mlc::sim::sap

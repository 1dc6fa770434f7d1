// How `ml-connector check` prints its findings: aligned lines for people, one JSON document for automation.
#pragma once

#include "common/check_finding.hpp"

#include <iosfwd>

namespace mlc::server {

// One line per finding ("sap fields    FAIL  U_ShipmentId is not a field of DeliveryNotes"), and under each
// WARN and FAIL its action ("              → create it ..."). Throws what the stream throws.
void print_check_text(const check_findings& findings, std::ostream& out);

// {"ok":bool,"findings":[{"name","state":"OK|WARN|FAIL|SKIP","detail","action"}]}; "ok" is false when any
// finding is FAIL. Throws what the stream throws.
void print_check_json(const check_findings& findings, std::ostream& out);

// True when no finding is FAIL (the exit code 0). Never throws.
bool check_passed(const check_findings& findings) noexcept;

}  // namespace mlc::server

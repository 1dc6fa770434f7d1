// Small text helpers for the reasons and values the flows write (order selection and mapping, delivery
// allocations).
#pragma once

#include <set>
#include <string>

namespace mlc::flows {

// A number as text: integral values read like integers ("1", not "1E0"), others in their shortest exact
// form ("2.5"). Throws std::bad_alloc only.
std::string number_text(double d);

// "a, b, c" (the set's order). Throws std::bad_alloc only.
std::string joined(const std::set<std::string>& values);

}  // namespace mlc::flows

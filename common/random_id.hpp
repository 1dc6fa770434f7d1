// Random correlation ids: request ids, and the ids tying together the audit rows of one order version.
#pragma once

#include <string>

namespace mlc {

// 32 lowercase hex digits (16 random bytes). Not for secrets: ids are correlation labels, not tokens.
// Throws std::bad_alloc only.
std::string random_id();

}  // namespace mlc

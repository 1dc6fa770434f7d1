// JSON indented for a person to read (two spaces per level, one member per line), for the CLI's output.
#pragma once

#include <boost/json/value.hpp>

#include <ostream>

namespace mlc::server {

// Writes `v` indented, ending with a newline. Throws what `out` throws, std::bad_alloc.
void print_pretty_json(const boost::json::value& v, std::ostream& out);

}  // namespace mlc::server

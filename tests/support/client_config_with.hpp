// Builds a clients::http::client_config with a few fields changed, for tests.
#pragma once

#include "clients/http/client_config.hpp"

namespace mlc::test {

// Default config with `set` applied. (Designated initialisers would do, but GCC warns about every std::string
// member they leave out.)
template <class F>
clients::http::client_config client_config_with(F set) {
    clients::http::client_config c;
    set(c);
    return c;
}

}  // namespace mlc::test

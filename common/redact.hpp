// Hides the password inside a PostgreSQL connection string so the rest can be shown and logged.
#pragma once

#include <string>
#include <string_view>

namespace mlc {

// Returns `conninfo` with its password and its sslpassword (the client key's passphrase) replaced by
// secret::redacted, everything else unchanged. Handles the URL form (postgresql:// or postgres://, one host
// or libpq's list of several (a:5432,b:5433), password in the userinfo or in a `password` or `sslpassword`
// query parameter) and the key=value form (`password=x`, `sslpassword = x`, `password='quoted \' value'`). A
// string that parses as neither is returned as secret::redacted whole, since its password cannot be located;
// an empty string stays empty. Throws only std::bad_alloc.
std::string redact_database_url(std::string_view conninfo);

}  // namespace mlc

// `ml-connector check`'s "public url" line: whether MLC_PUBLIC_URL makes a webhook target ShipStation can
// use and this service serves.
#pragma once

#include "common/check_finding.hpp"
#include "common/config.hpp"

namespace mlc::server {

// MLC_PUBLIC_URL's form: OK for https://host[/path] whose SHIP_NOTIFY target (MLC_PUBLIC_URL +
// /webhooks/shipstation) is the path the receiver serves; WARN for http (the token travels in clear), a
// loopback host ShipStation cannot reach, or a path in front of the receiver's (a proxy must strip it);
// FAIL for user info, a query or a fragment (the target built from it would be wrong); SKIP when unset.
// Never shows MLC_WEBHOOK_TOKEN. Throws std::bad_alloc only.
check_finding check_public_url(const app_config& cfg);

}  // namespace mlc::server

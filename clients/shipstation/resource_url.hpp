// Decides whether a webhook's resource_url may be fetched (same origin as the configured API) and how.
#pragma once

#include "clients/http/base_url.hpp"
#include "common/origin_pattern.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::clients::shipstation {

// What to GET for a resource_url, relative to the configured base path.
struct resource_request {
    std::string path;  // "/shipments"
    std::vector<std::pair<std::string, std::string>>
        params;              // its query, includeShipmentItems=true, no paging
    std::string collection;  // the answer's array key: the path's last segment, lower case ("shipments")
};

// Accepts `url` only when it is an absolute http(s) URL without user info, '@' or a backslash, whose scheme,
// host (case ignored; a trailing dot refused) and port (explicit or default) either equal `origin`'s, with
// the path under origin's base path, or match one of `also_allowed`. Either way the resource is fetched from
// the configured origin (credentials never go to another host): the path is taken relative to origin's base
// path, or whole for an also-allowed origin. That path must be exactly /shipments or /fulfillments (no
// percent-encoding; /orders is not read: no flow uses it), and the query may hold only storeId (any case),
// batchId, fulfillmentId, includeShipmentItems, page and pageSize, each once, numbers or true/false. The
// query is kept except page, pageSize and includeShipmentItems, which is then set to true. Returns nullopt
// otherwise, with a readable reason ("resource_url ...", no part of the URL) in `*refusal` when it is given.
// Never throws except std::bad_alloc.
std::optional<resource_request> resource_target(const http::base_url& origin, std::string_view url,
                                                const std::vector<origin_pattern>& also_allowed = {},
                                                std::string* refusal = nullptr);

}  // namespace mlc::clients::shipstation

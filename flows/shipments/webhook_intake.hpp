// The shipments flow's first step: one authenticated ShipStation notification checked, stored in the webhook
// inbox and its resource's fetch queued, in one transaction, before ShipStation gets its answer. The HTTP
// handler (server/handlers/webhook_handlers) only translates the result.
#pragma once

#include "clients/http/base_url.hpp"
#include "common/logger.hpp"
#include "common/origin_pattern.hpp"
#include "db/database.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::flows::shipments {

// Where a notification's resource_url may point: the configured API origin, and MLC_RESOURCE_ORIGINS.
struct webhook_origins {
    clients::http::base_url api_origin;
    std::vector<origin_pattern> resource_origins;
};

struct webhook_intake {
    enum class outcome {
        stored,          // new: in the inbox with its fetch queued
        duplicate,       // the same body came before; its row and audit stand
        malformed,       // not JSON with a string resource_url and a V1 resource_type: nothing stored
        foreign_origin,  // resource_url refused (origin, resource, query): stored cut to 4 KiB as rejected
    } what = outcome::stored;
    std::int64_t inbox_id = 0;  // stored, duplicate, foreign_origin
    std::string problem;        // malformed, foreign_origin: why, for the sender
};

// Takes `body` (already authenticated) with request id `request_id` as the correlation id: audits a malformed
// one (a failure to audit is logged, not thrown); stores a well-formed one once, queues its fetch when its
// resource_url is allowed (clients/shipstation/resource_url), else stores it cut to its first 4 KiB as
// rejected with the reason, and audits either way. Throws what the database throws when the body could not
// be stored (the sender should send it again).
boost::asio::awaitable<webhook_intake> take_webhook(db::database& database, const webhook_origins& origins,
                                                    const logger& log, std::string_view body,
                                                    std::string_view request_id);

}  // namespace mlc::flows::shipments

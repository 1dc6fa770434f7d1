// Deciding from the live Service Layer what the reference leaves open: the $filter date-literal form (a
// probe) and the batch property of document lines ($metadata). Each is learned once per client and kept.
#pragma once

#include "clients/call_error.hpp"
#include "clients/sap/client.hpp"
#include "clients/sap/date_form.hpp"
#include "clients/sap/metadata.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc::clients::sap {

// The date form UpdateDate filters take: the one remembered, or found now by
// GET /Orders?$select=DocEntry&$top=1&$filter=UpdateDate ge <literal> with each of the version's
// candidates in turn (the first one answered 2xx is remembered and logged). Returns the error of a probe
// that failed otherwise than by a refusal (nothing is remembered then), or a `refused` error when the
// Service Layer refused every candidate. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<date_form>> learn_date_form(client& c);

// The name of document lines' batch collection: the one remembered, or read now from GET /$metadata
// (DocumentLine's BatchNumbers or BatchNumberProperty; remembered and logged). When $metadata cannot be read
// or names neither, returns BatchNumbers with from_metadata false and the reason (logged as a warning; not
// remembered, so the next need reads $metadata again). Throws std::bad_alloc only.
boost::asio::awaitable<batch_property_choice> learn_batch_property(client& c);

}  // namespace mlc::clients::sap

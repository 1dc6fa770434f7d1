// Maps the final HTTP outcome of a ShipStation call (after the client's waits and retries) to what the
// caller gets: the response, or an error of the clients' shared kinds.
#pragma once

#include "clients/call_error.hpp"
#include "clients/http/message.hpp"
#include "clients/http/transport_error.hpp"

#include <boost/beast/http/verb.hpp>
#include <boost/system/result.hpp>

namespace mlc::clients::shipstation {

// Which ShipStation API answered: their error bodies differ (reference §8), their statuses mean the same.
enum class api_version { v1, v2 };

// A read (GET, HEAD) is never in doubt. A write (POST, PUT, DELETE) is in_doubt after a transport failure
// once the request may have been received, and after any 5xx (V1 answers 500 after writing, at times):
// createorder(s) upserts by orderKey, so looking first or sending again is safe, but the caller must not
// take it as not applied. Otherwise: no answer is transport; 2xx the response; 429 rate_limited; 401 and
// 403 unauthorized; 404 not_found; 5xx to a read unavailable; 400 and any other status refused, with the
// body's Message, ExceptionMessage and ModelState in the message and the ModelState keys in
// invalid_fields. V2 answers map their statuses the same way; the message holds each error's error_code and
// message with the body's request_id (for ShipStation's support), and invalid_fields the errors' field_name
// when given. Never throws except std::bad_alloc.
outcome<http::response> to_outcome(boost::beast::http::verb method,
                                   boost::system::result<http::response, http::transport_error> answer,
                                   api_version api = api_version::v1);

// The error for a 2xx answer the client could not read; `what` is the whole line ("ShipStation ..."). Throws
// std::bad_alloc only.
error unreadable_answer(std::string what);

}  // namespace mlc::clients::shipstation

// Maps the final HTTP outcome of a Service Layer request to what the caller gets: the response, or a typed
// error (business with SAP's code and message, not found, in doubt, unavailable, transport).
#pragma once

#include "clients/call_error.hpp"
#include "clients/http/message.hpp"
#include "clients/http/transport_error.hpp"

#include <boost/beast/http/verb.hpp>
#include <boost/system/result.hpp>

namespace mlc::clients::sap {

// For a read (GET) nothing is ever in doubt. For a write: a transport failure after the request may have
// been received, a 502 or 504, or a 500 without an error body is in_doubt (it may have been applied: look
// before sending it again). 2xx is the response; 404 not_found; 503 unavailable; any other status with a
// Service Layer error body is business (SAP's code and message). Session errors (401/301) must be handled
// before. Never throws except std::bad_alloc.
outcome<http::response> to_outcome(boost::beast::http::verb method,
                                   boost::system::result<http::response, http::transport_error> answer);

}  // namespace mlc::clients::sap

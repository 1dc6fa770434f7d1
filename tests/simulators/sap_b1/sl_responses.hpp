// Building Service Layer responses: JSON in the version's shape, errors, Apache's proxy error pages, cookies.
#pragma once

#include "server/http/types.hpp"
#include "tests/simulators/sap_b1/sap_values.hpp"
#include "tests/simulators/sap_b1/sl_error.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mlc::sim::sap {

using server::http::request;
using server::http::response;

// "http://<Host>/b1s/<v>/$metadata#<fragment>", the base of odata.metadata / @odata.context.
std::string metadata_url(const request& req, api_version version, std::string_view fragment);

// `body` with dates in the version's format, as application/json (OData's content type with
// odata=minimalmetadata in v1). Throws std::bad_alloc only.
response sl_json(boost::beast::http::status status, boost::json::object body, api_version version);

// The error in the version's shape with its HTTP status.
response sl_error_response(const sl_error& e, api_version version);

// What Apache in front of Service Layer answers itself: 502 "Proxy Error" or 503 "Service Unavailable" as
// HTML, and 500 with an empty body (Content-Length: 0), as its balancer does. `method` and `path` name the
// request the way Apache's page does.
response proxy_error_page(int status, std::string_view method, std::string_view path);

// The B1SESSION value from the Cookie header(s), if any. Never throws except std::bad_alloc.
std::optional<std::string> session_cookie(const request& req);

}  // namespace mlc::sim::sap

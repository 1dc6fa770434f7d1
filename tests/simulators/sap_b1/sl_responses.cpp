// Service Layer response builders and the Cookie header parser.
#include "tests/simulators/sap_b1/sl_responses.hpp"

#include "tests/simulators/sap_b1/json_text.hpp"

#include <boost/beast/http/field.hpp>

#include <cctype>

namespace mlc::sim::sap {

namespace bhttp = boost::beast::http;

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string metadata_url(const request& req, api_version version, std::string_view fragment) {
    std::string host(req[bhttp::field::host]);
    if (host.empty()) host = "localhost";
    return "http://" + host + "/b1s/" + std::string(to_string(version)) + "/$metadata#" +
           std::string(fragment);
}

response sl_json(bhttp::status status, boost::json::object body, api_version version) {
    boost::json::value v(std::move(body));
    to_wire(v, version);
    response res{status, 11};
    res.set(bhttp::field::content_type, version == api_version::v1
                                            ? "application/json;odata=minimalmetadata;charset=utf-8"
                                            : "application/json;odata.metadata=minimal;charset=utf-8");
    res.set("OData-Version", version == api_version::v1 ? "3.0" : "4.0");
    res.body() = to_json_text(v);
    res.prepare_payload();
    return res;
}

response sl_error_response(const sl_error& e, api_version version) {
    return sl_json(e.status, error_body(e, version), version);
}

response proxy_error_page(int status, std::string_view method, std::string_view path) {
    if (status == 500) {
        response empty{bhttp::status::internal_server_error, 11};
        empty.prepare_payload();
        return empty;
    }
    std::string target = std::string(method) + "&nbsp;" + std::string(path);
    std::string body;
    if (status == 502) {
        body =
            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>502 Proxy "
            "Error</title>\n"
            "</head><body>\n<h1>Proxy Error</h1>\n<p>The proxy server received an invalid\r\nresponse from "
            "an "
            "upstream server.<br />\r\nThe proxy server could not handle the request <em><a href=\"" +
            std::string(path) + "\">" + target +
            "</a></em>.<p>\nReason: <strong>Error reading from remote "
            "server</strong></p></p>\n</body></html>\n";
    } else {
        body =
            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" +
            std::to_string(status) +
            " Service Unavailable</title>\n</head><body>\n<h1>Service Unavailable</h1>\n<p>The server is "
            "temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. "
            "Please try again later.</p>\n</body></html>\n";
    }
    response res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, "text/html; charset=iso-8859-1");
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

std::optional<std::string> session_cookie(const request& req) {
    auto [first, last] = req.equal_range(bhttp::field::cookie);
    for (auto field = first; field != last; ++field) {
        std::string_view rest(field->value().data(), field->value().size());
        while (!rest.empty()) {
            auto semi = rest.find(';');
            std::string_view pair = trim(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            auto eq = pair.find('=');
            if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != "B1SESSION") continue;
            std::string_view value = trim(pair.substr(eq + 1));
            if (!value.empty()) return std::string(value);
        }
    }
    return std::nullopt;
}

}  // namespace mlc::sim::sap

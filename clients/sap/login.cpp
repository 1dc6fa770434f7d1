// Building the Login request body and reading its answer.
#include "clients/sap/login.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <vector>

namespace mlc::clients::sap {

namespace json = boost::json;

std::string login_body(const sap_config& cfg, std::optional<int> language) {
    json::object o;
    o["CompanyDB"] = cfg.company_db;
    o["UserName"] = cfg.username;
    o["Password"] = cfg.password.reveal();
    if (language) o["Language"] = *language;
    return json::serialize(o);
}

std::optional<login_info> parse_login_response(const http::response& res) {
    login_info info;
    std::vector<std::string_view> set_cookies;
    for (auto it = res.find(boost::beast::http::field::set_cookie);
         it != res.end() && it->name() == boost::beast::http::field::set_cookie; ++it)
        set_cookies.push_back(it->value());
    info.cookies = parse_set_cookies(set_cookies);

    boost::system::error_code ec;
    json::value body = json::parse(res.body(), ec);
    if (!ec && body.is_object()) {
        const json::object& o = body.as_object();
        if (const json::value* t = o.if_contains("SessionTimeout")) {
            if (t->is_int64() && t->get_int64() > 0) {
                info.session_timeout = std::chrono::minutes(t->get_int64());
                info.timeout_reported = true;
            } else if (t->is_string()) {
                try {
                    long minutes = std::stol(std::string(t->get_string()));
                    if (minutes > 0) {
                        info.session_timeout = std::chrono::minutes(minutes);
                        info.timeout_reported = true;
                    }
                } catch (const std::exception&) {
                }
            }
        }
        if (const json::value* v = o.if_contains("Version"); v && v->is_string())
            info.version = std::string(v->get_string());
        if (info.cookies.b1session.empty()) {
            if (const json::value* id = o.if_contains("SessionId"); id && id->is_string())
                info.cookies.b1session = std::string(id->get_string());
        }
    }
    if (info.cookies.b1session.empty()) return std::nullopt;
    return info;
}

}  // namespace mlc::clients::sap

// Mapping the final HTTP outcome of a ShipStation call to the caller's outcome.
#include "clients/shipstation/response_outcome.hpp"

#include "clients/shipstation/api_error.hpp"

namespace mlc::clients::shipstation {

namespace bhttp = boost::beast::http;

namespace {

error_kind kind_of_answer(unsigned status, bool read) noexcept {
    if (status == 429) return error_kind::rate_limited;
    if (status == 401 || status == 403) return error_kind::unauthorized;
    if (status == 404) return error_kind::not_found;
    if (status >= 500 && status <= 599) return read ? error_kind::unavailable : error_kind::in_doubt;
    return error_kind::refused;
}

}  // namespace

outcome<http::response> to_outcome(bhttp::verb method,
                                   boost::system::result<http::response, http::transport_error> answer,
                                   api_version api) {
    const bool read = is_read(method);
    if (!answer) return unanswered(method, answer.error(), error_source::shipstation);
    http::response& res = *answer;
    unsigned status = res.result_int();
    if (status >= 200 && status < 300) return std::move(res);

    error e{kind_of_answer(status, read), status, {}, {}, error_source::shipstation};
    if (api == api_version::v2) {
        auto body = parse_v2_error(status, res.body());
        e.message = describe_v2_details(body);
        for (const auto& entry : body.errors) {
            if (!entry.field_name.empty()) e.invalid_fields.push_back(entry.field_name);
        }
        return e;
    }
    auto body = parse_api_error(status, res.body());
    e.message = describe_details(body);
    for (const auto& entry : body.model_state) e.invalid_fields.push_back(entry.field);
    return e;
}

error unreadable_answer(std::string what) {
    return error{error_kind::bad_response, 200, {}, std::move(what), error_source::shipstation};
}

}  // namespace mlc::clients::shipstation

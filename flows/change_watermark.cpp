// A poller's watermark over SAP's UpdateDate/UpdateTime as stored in the watermarks table.
#include "flows/change_watermark.hpp"

#include "common/setting_parsers.hpp"

#include <boost/json/object.hpp>

namespace mlc::flows {

boost::json::value watermark_json(const change_watermark& w) {
    return boost::json::object{{"update_date", format_date(w.update_date)},
                               {"update_time_seconds", w.update_time.count()}};
}

std::optional<change_watermark> parse_watermark(const boost::json::value& v) {
    const auto* o = v.if_object();
    if (!o) return std::nullopt;
    const auto* date = o->if_contains("update_date");
    const auto* time = o->if_contains("update_time_seconds");
    if (!date || !date->is_string() || !time || !time->is_int64()) return std::nullopt;
    auto day = parse_date(std::string_view(date->get_string()));
    if (!day) return std::nullopt;
    return change_watermark{*day, std::chrono::seconds(time->get_int64())};
}

bool later(const change_watermark& a, const change_watermark& b) noexcept {
    return a.update_date != b.update_date ? a.update_date > b.update_date : a.update_time > b.update_time;
}

}  // namespace mlc::flows

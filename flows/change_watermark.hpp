// A poller's watermark over SAP's UpdateDate/UpdateTime as stored in the watermarks table, shared by the
// orders and items pollers: {"update_date":"2026-11-30","update_time_seconds":37230}.
#pragma once

#include "clients/sap/orders.hpp"

#include <boost/json/value.hpp>

#include <optional>

namespace mlc::flows {

using change_watermark = clients::sap::order_watermark;

// The stored form. Throws std::bad_alloc only.
boost::json::value watermark_json(const change_watermark& w);

// The watermark stored as `v`; nullopt when it is not in the stored form. Never throws except std::bad_alloc.
std::optional<change_watermark> parse_watermark(const boost::json::value& v);

// Whether `a` is a later change than `b`. Never throws.
bool later(const change_watermark& a, const change_watermark& b) noexcept;

}  // namespace mlc::flows

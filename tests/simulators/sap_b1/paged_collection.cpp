// Paging a collection answer the way Service Layer does.
#include "tests/simulators/sap_b1/paged_collection.hpp"

#include <charconv>

namespace mlc::sim::sap {

namespace {

std::size_t page_size(const request& req, std::size_t fallback, std::optional<std::size_t>& preferred) {
    preferred = preferred_page_size(std::string_view(req["Prefer"].data(), req["Prefer"].size()));
    if (preferred) return *preferred;
    std::string_view b1s(req["B1S-PageSize"].data(), req["B1S-PageSize"].size());
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(b1s.data(), b1s.data() + b1s.size(), n);
    if (!b1s.empty() && ec == std::errc() && ptr == b1s.data() + b1s.size()) return n;
    return fallback;
}

}  // namespace

response paged_collection(const request& req, api_version version, std::size_t default_page_size,
                          std::string_view context, std::string_view link_path,
                          const std::vector<boost::json::object>& rows, const query_options& q,
                          boost::json::object head, const filter_options& options) {
    std::optional<std::size_t> preferred;
    std::size_t size = page_size(req, default_page_size, preferred);
    query_result result = run_query(rows, q, size, options);
    boost::json::object body;
    bool v1 = version == api_version::v1;
    body[v1 ? "odata.metadata" : "@odata.context"] = metadata_url(req, version, context);
    for (auto& [k, v] : head) body[k] = std::move(v);
    if (q.inline_count) {
        if (v1)
            body["odata.count"] = std::to_string(result.count);  // a string in v1
        else
            body["@odata.count"] = result.count;
    }
    body["value"] = std::move(result.value);
    if (result.next_query)
        body[v1 ? "odata.nextLink" : "@odata.nextLink"] = next_link(version, link_path, *result.next_query);
    response res = sl_json(boost::beast::http::status::ok, std::move(body), version);
    if (preferred) res.set("Preference-Applied", "odata.maxpagesize=" + std::to_string(*preferred));
    return res;
}

}  // namespace mlc::sim::sap

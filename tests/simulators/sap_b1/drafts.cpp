// Draft deliveries saved by an approval procedure.
#include "tests/simulators/sap_b1/drafts.hpp"

#include "tests/simulators/sap_b1/deliveries.hpp"
#include "tests/simulators/sap_b1/delivery_references.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"

#include <boost/json/array.hpp>

namespace mlc::sim::sap {

sl_result<int> create_delivery_draft(store& s, const boost::json::object& body, const sim_time& now) {
    if (auto e = check_properties(s, "DeliveryNotes", body)) return *e;
    auto partner = s.partners.find(string_or(body, "CardCode"));
    if (partner == s.partners.end()) return no_matching_records();
    const auto* lines = body.if_contains("DocumentLines");
    if (!lines || !lines->is_array() || lines->get_array().empty())
        return business_error(-5002, "Cannot add a document without lines");
    // SAP validates the document before the approval procedure saves it as a draft.
    if (auto e = check_transportation_code(s, body)) return *e;
    for (std::size_t i = 0; i < lines->get_array().size(); ++i)
        if (const auto* line = lines->get_array()[i].if_object(); line && line->contains("WarehouseCode"))
            if (auto e = check_line_warehouse(s, string_or(*line, "WarehouseCode"), i)) return *e;
    const int entry = s.next_draft_entry++;
    boost::json::object draft = new_document(partner->second, "oDeliveryNotes", entry, 0, now);
    boost::json::object header = body;
    header.erase("DocumentLines");
    merge_patch(draft, header, document_read_only());
    boost::json::array draft_lines;
    std::int64_t n = 0;
    for (const auto& l : lines->get_array()) {
        boost::json::object line = l.as_object();
        line["LineNum"] = n++;
        draft_lines.push_back(std::move(line));
    }
    draft["DocumentLines"] = std::move(draft_lines);
    draft["DocumentStatus"] = open_status;
    draft["AuthorizationStatus"] = "dasPending";
    s.drafts.emplace(entry, std::move(draft));
    s.draft_requests.emplace(entry, body);
    return entry;
}

sl_result<int> approve_draft(store& s, int entry, const sim_time& now) {
    auto request = s.draft_requests.find(entry);
    if (request == s.draft_requests.end()) return no_matching_records();
    auto posted = create_delivery(s, request->second, now);
    if (!posted) return posted.error();
    s.drafts.erase(entry);
    s.draft_requests.erase(request);
    return *posted;
}

std::optional<sl_error> reject_draft(store& s, int entry) {
    if (s.drafts.erase(entry) == 0) return no_matching_records();
    s.draft_requests.erase(entry);
    return std::nullopt;
}

}  // namespace mlc::sim::sap

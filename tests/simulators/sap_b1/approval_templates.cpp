// ApprovalTemplates derived from the company rules, so that a rule set directly and the template agree.
#include "tests/simulators/sap_b1/approval_templates.hpp"

#include <boost/json/array.hpp>

namespace mlc::sim::sap {

std::map<int, boost::json::object> approval_templates(const company_rules& rules) {
    boost::json::object deliveries{
        {"Code", 1},
        {"Name", "Deliveries"},
        {"Remarks", "Every delivery is approved by the warehouse manager"},
        {"UseTerms", "tNO"},
        {"IsActive", rules.deliveries_need_approval ? "tYES" : "tNO"},
        {"ApprovalTemplateUsers", boost::json::array{boost::json::object{{"UserID", 1}}}},
        {"ApprovalTemplateStages", boost::json::array{boost::json::object{
                                       {"SortID", 1}, {"ApprovalStageCode", 1}, {"Remarks", nullptr}}}},
        {"ApprovalTemplateDocuments",
         boost::json::array{boost::json::object{{"DocumentType", "atdtDelivery"}}}},
        {"ApprovalTemplateTerms", boost::json::array{}},
        {"ApprovalTemplateQueries", boost::json::array{}}};
    return {{1, std::move(deliveries)}};
}

}  // namespace mlc::sim::sap

// The ApprovalTemplates entity set: the company's approval procedure on deliveries, as Service Layer lists
// it.
#pragma once

#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <map>

namespace mlc::sim::sap {

// The approval templates `rules` stand for, by Code: template 1 "Deliveries" (ApprovalTemplateDocuments
// [{"DocumentType":"atdtDelivery"}], the user manager, UserID 1, as the originator), active exactly when
// deliveries_need_approval is set. The property names follow the DI API's ApprovalTemplate object (OWTM, its
// documents WTM3, ApprovalTemplatesDocumentTypeEnum). Throws std::bad_alloc only.
std::map<int, boost::json::object> approval_templates(const company_rules& rules);

}  // namespace mlc::sim::sap

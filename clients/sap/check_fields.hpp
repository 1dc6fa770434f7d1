// `ml-connector check` findings about the SAP company's shape: the configured user fields, the $filter date
// form this Service Layer takes, and the batch property of document lines.
#pragma once

#include "clients/sap/client.hpp"
#include "common/check_finding.hpp"
#include "common/config.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc::clients::sap {

// Three findings on a logged-in client:
// "sap fields": every configured U_ field exists on its table in UserFieldsMD (MLC_DELIVERY_STAMP_FIELD on
//   ODLN; MLC_ORDER_CARRIER_FIELD, _SERVICE_, _SHIP_DATE_, _STATUS_FIELD, MLC_ORDER_FLAG's field and U_
//   MLC_CUSTOM_FIELD_1..3 on ORDR; MLC_SKU_FIELD and MLC_TARIFF_FIELD on OITM); FAIL names each missing one,
//   SKIP when no U_ field is configured (standard fields are not in UserFieldsMD and are not looked at).
// "sap date filter": the UpdateDate literal form the client chose by probing (learn_date_form); FAIL if none.
// "sap batch property": BatchNumbers or BatchNumberProperty from $metadata; WARN when it could not be read.
// Throws std::bad_alloc only.
boost::asio::awaitable<check_findings> check_fields(client& c, const app_config& cfg);

}  // namespace mlc::clients::sap

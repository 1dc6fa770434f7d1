// Unit tests of the intake's decision about one order version: one row per case, from the stored link, the
// selection and the mapping to the result, the link's new state, the reason and the push queued.
#include "flows/orders/intake_decision.hpp"

#include "tests/support/sample_order_link.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace mlc::flows::orders {
namespace {

namespace links = db::order_links;
using links::link_state;

const boost::json::object mapped_body{{"orderNumber", "7434"},
                                      {"orderKey", "mlc-SBODEMOUS-7434-e41367"},
                                      {"orderStatus", "awaiting_shipment"},
                                      {"shipTo", boost::json::object{{"country", "DE"}}}};
const boost::json::object sent_body{{"orderNumber", "7434"},
                                    {"orderKey", "mlc-SBODEMOUS-7434-e41367"},
                                    {"orderStatus", "awaiting_shipment"},
                                    {"shipTo", boost::json::object{{"country", "FR"}}}};

boost::json::object cancelled(boost::json::object body) {
    body["orderStatus"] = "cancelled";
    return body;
}
const boost::json::object bare_cancel{
    {"orderKey", "mlc-SBODEMOUS-7434-e41367"}, {"orderNumber", "7434"}, {"orderStatus", "cancelled"}};

// A link at an older version of the order, in `state`.
links::order_link link_in(link_state state) {
    auto l = test::sample_order_link();
    l.sap_version = "2026-07-01 09:30:00";
    l.sap_hash = "older";
    l.state = state;
    return l;
}

// ShipStation accepted `body` as order 9001.
links::order_link accepted(link_state state, const boost::json::object& body = sent_body) {
    auto l = link_in(state);
    l.shipstation_order_id = 9001;
    l.shipstation_status = state == link_state::shipped ? "shipped" : "awaiting_shipment";
    l.sent_hash = l.queued_hash = body_hash(body);
    l.sent_body = body;
    return l;
}

links::order_link queued_with(link_state state, const boost::json::object& body) {
    auto l = link_in(state);
    l.queued_hash = body_hash(body);
    return l;
}

const selection push{order_action::push, ""};
const selection cancel{order_action::cancel, "cancelled in SAP"};
const selection closed{order_action::ignore, "closed in SAP"};
const std::variant<mapped_order, mapping_refusal> mapped{mapped_order{mapped_body}};
const std::variant<mapped_order, mapping_refusal> refused{
    mapping_refusal{"the ship-to country 'Germany' is not ISO"}};

struct row {
    std::string name;
    std::optional<links::order_link> before;
    selection selected;
    std::optional<std::variant<mapped_order, mapping_refusal>> mapping;
    // Expected:
    intake_result result;
    std::optional<link_state> new_state;
    std::string reason;  // the whole audit reason
    std::string operation = "";
    std::optional<boost::json::object> body = std::nullopt;
};

std::ostream& operator<<(std::ostream& os, const row& r) {
    return os << r.name;
}

const std::vector<row> rows = {
    {"the_same_version_again_is_already_seen",
     [] {
         auto l = accepted(link_state::sent);
         l.sap_hash = "current";
         l.sap_version = "2026-07-02 10:00:00";
         return l;
     }(),
     push, mapped, intake_result::already_seen, std::nullopt, ""},
    {"a_new_closed_order_is_ignored_with_the_reason", std::nullopt, closed, std::nullopt,
     intake_result::ignored, link_state::ignored, "closed in SAP"},
    {"a_refused_order_now_closed_is_ignored", link_in(link_state::refused), closed, std::nullopt,
     intake_result::ignored, link_state::ignored, "closed in SAP"},
    {"an_order_shipstation_has_stays_in_its_state_when_closed", accepted(link_state::sent), closed,
     std::nullopt, intake_result::ignored, std::nullopt, "closed in SAP"},
    {"a_queued_order_stays_queued_when_closed", queued_with(link_state::queued, mapped_body), closed,
     std::nullopt, intake_result::ignored, std::nullopt, "closed in SAP"},
    {"a_shipped_order_closed_in_sap_is_locked", accepted(link_state::shipped), closed, std::nullopt,
     intake_result::locked, std::nullopt, "closed in SAP; the order is shipped in ShipStation"},
    {"a_cancel_of_an_order_cancelled_in_shipstation_is_locked", accepted(link_state::cancelled), cancel,
     std::nullopt, intake_result::locked, std::nullopt,
     "cancelled in SAP, but the order is already cancelled in ShipStation"},
    {"a_new_order_cancelled_in_sap_is_ignored", std::nullopt, cancel, std::nullopt, intake_result::ignored,
     link_state::ignored, "cancelled in SAP before it was sent to ShipStation"},
    {"an_ignored_order_cancelled_in_sap_stays_ignored", link_in(link_state::ignored), cancel, std::nullopt,
     intake_result::ignored, link_state::ignored, "cancelled in SAP before it was sent to ShipStation"},
    {"a_cancel_of_a_sent_order_resends_its_last_body_cancelled", accepted(link_state::sent), cancel,
     std::nullopt, intake_result::queued, std::nullopt, "", "cancel", cancelled(sent_body)},
    {"a_cancel_of_an_order_never_confirmed_carries_only_its_key_and_number",
     queued_with(link_state::queued, mapped_body), cancel, std::nullopt, intake_result::queued, std::nullopt,
     "", "cancel", bare_cancel},
    {"a_cancel_of_an_order_in_doubt_carries_only_its_key_and_number",
     [] {
         auto l = queued_with(link_state::failed, mapped_body);
         l.in_doubt_hash = body_hash(mapped_body);
         return l;
     }(),
     cancel, std::nullopt, intake_result::queued, std::nullopt, "", "cancel", bare_cancel},
    {"a_cancel_already_queued_is_unchanged", queued_with(link_state::queued, bare_cancel), cancel,
     std::nullopt, intake_result::unchanged, std::nullopt, "the cancellation is already queued or sent"},
    {"a_new_order_shipstation_would_refuse_is_refused", std::nullopt, push, refused, intake_result::refused,
     link_state::refused,
     "the ship-to country 'Germany' is not ISO (the order is sent once it is corrected in SAP)"},
    {"a_refusal_is_recorded_even_for_a_shipped_order", accepted(link_state::shipped), push, refused,
     intake_result::refused, link_state::refused,
     "the ship-to country 'Germany' is not ISO (the order is sent once it is corrected in SAP)"},
    {"a_change_to_a_shipped_order_is_locked", accepted(link_state::shipped), push, mapped,
     intake_result::locked, std::nullopt,
     "changed in SAP, but the order is already shipped in ShipStation; the change is not sent"},
    {"a_change_to_a_cancelled_order_is_locked", accepted(link_state::cancelled), push, mapped,
     intake_result::locked, std::nullopt,
     "changed in SAP, but the order is already cancelled in ShipStation; the change is not sent"},
    {"a_new_order_is_queued_as_a_create", std::nullopt, push, mapped, intake_result::queued, std::nullopt, "",
     "create", mapped_body},
    {"a_change_outside_the_mapping_is_unchanged", accepted(link_state::sent, mapped_body), push, mapped,
     intake_result::unchanged, std::nullopt, "changed in SAP, but not in what is sent to ShipStation"},
    {"an_unchanged_body_of_a_link_still_seen_makes_it_queued", queued_with(link_state::seen, mapped_body),
     push, mapped, intake_result::unchanged, link_state::queued,
     "changed in SAP, but not in what is sent to ShipStation"},
    {"a_corrected_refused_order_is_queued_although_its_body_was_queued_before",
     queued_with(link_state::refused, mapped_body), push, mapped, intake_result::queued, std::nullopt, "",
     "create", mapped_body},
    {"an_ignored_order_that_qualifies_again_is_queued", queued_with(link_state::ignored, mapped_body), push,
     mapped, intake_result::queued, std::nullopt, "", "create", mapped_body},
    {"a_changed_body_of_a_sent_order_is_queued_as_an_update", accepted(link_state::sent), push, mapped,
     intake_result::queued, std::nullopt, "", "update", mapped_body},
    {"a_changed_body_of_an_order_accepted_without_a_known_id_is_an_update",
     [] {
         auto l = accepted(link_state::sent);
         l.shipstation_order_id.reset();
         return l;
     }(),
     push, mapped, intake_result::queued, std::nullopt, "", "update", mapped_body},
    {"a_changed_body_of_an_order_never_accepted_is_still_a_create",
     queued_with(link_state::failed, sent_body), push, mapped, intake_result::queued, std::nullopt, "",
     "create", mapped_body},
};

class intake_decision_table : public ::testing::TestWithParam<row> {};

TEST_P(intake_decision_table, decides) {
    const auto& r = GetParam();
    intake_facts facts{r.before,  "2026-07-02 10:00:00",       "current", r.selected,
                       r.mapping, "mlc-SBODEMOUS-7434-e41367", "7434"};
    auto d = decide_intake(facts);
    EXPECT_EQ(d.result, r.result);
    EXPECT_EQ(d.new_state, r.new_state);
    EXPECT_EQ(d.reason, r.reason);
    // The link records why it is ignored or refused; a link becoming queued has no reason left.
    std::optional<std::string> state_reason;
    if (r.new_state == link_state::ignored) state_reason = r.reason;
    if (r.new_state == link_state::refused) state_reason = std::get<mapping_refusal>(refused).reason;
    EXPECT_EQ(d.state_reason, state_reason);
    ASSERT_EQ(d.push.has_value(), r.result == intake_result::queued);
    if (!d.push) return;
    EXPECT_EQ(d.push->operation, r.operation);
    EXPECT_EQ(d.push->body, r.body.value());
    EXPECT_EQ(d.push->hash, body_hash(*r.body));
}

INSTANTIATE_TEST_SUITE_P(every_case, intake_decision_table, ::testing::ValuesIn(rows),
                         [](const ::testing::TestParamInfo<row>& case_info) { return case_info.param.name; });

TEST(intake_decision, a_push_without_its_mapping_is_a_bug) {
    intake_facts facts{std::nullopt, "2026-07-02 10:00:00", "current", push, std::nullopt, "k", "1"};
    EXPECT_THROW(decide_intake(facts), std::invalid_argument);
}

TEST(intake_decision, the_body_hash_is_the_sha256_of_the_serialized_body) {
    EXPECT_EQ(body_hash(boost::json::object{}),
              "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    EXPECT_NE(body_hash(mapped_body), body_hash(sent_body));
}

}  // namespace
}  // namespace mlc::flows::orders

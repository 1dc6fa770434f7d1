// The per-request fault decision.
#include "tests/simulators/sap_b1/faults.hpp"

namespace mlc::sim::sap {

namespace {

bool applies(const std::string& filter, std::string_view path) noexcept {
    return filter.empty() || path.find(filter) != std::string_view::npos;
}

}  // namespace

fault_decision decide_fault(fault_plan& plan, std::string_view method, std::string_view path) {
    fault_decision d;
    const bool is_post = method == "POST";
    if (applies(plan.latency_path, path) && (plan.latency_method.empty() || plan.latency_method == method))
        d.latency = plan.latency;
    if (plan.fail_count > 0 && applies(plan.fail_path, path) &&
        (plan.fail_method.empty() || plan.fail_method == method)) {
        --plan.fail_count;
        d.kind = fault_kind::fail_before;
        d.status = plan.fail_status;
    } else if (is_post && plan.commit_then_fail_count > 0 && applies(plan.commit_then_fail_path, path)) {
        --plan.commit_then_fail_count;
        d.kind = fault_kind::fail_after_commit;
        d.status = plan.commit_then_fail_status;
    } else if (is_post && plan.commit_then_hold_count > 0 && applies(plan.commit_then_hold_path, path)) {
        --plan.commit_then_hold_count;
        d.kind = fault_kind::hold_after_commit;
        d.hold = plan.commit_then_hold;
    } else if (method == plan.refuse_method && method != "GET" && plan.refuse_count > 0 &&
               applies(plan.refuse_path, path)) {
        --plan.refuse_count;
        d.kind = fault_kind::refuse;
        d.code = plan.refuse_code;
        d.message = plan.refuse_message;
    }
    if (method == "GET" && plan.repeat_link_count > 0 && applies(plan.repeat_link_path, path)) {
        if (plan.repeat_link_after > 0) {
            --plan.repeat_link_after;
        } else {
            --plan.repeat_link_count;
            d.repeat_link = true;
            d.rewind_link = plan.repeat_link_rewinds;
        }
    }
    return d;
}

}  // namespace mlc::sim::sap

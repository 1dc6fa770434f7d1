// Injected faults: added latency, failures before handling, "committed, then answered with an error" and
// "committed, then answered late" (the caller times out or dies first), and business refusals (a rule of
// the DI core that the simulator does not model, answered as SAP does: 400 with the code and message).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace mlc::sim::sap {

struct fault_plan {
    std::chrono::milliseconds latency{0};  // added before every matching request is handled
    std::string latency_path;              // substring of the path the latency applies to (empty: all)
    std::string latency_method;            // GET, POST, PATCH... (empty: all)
    int fail_count = 0;                    // the next N matching requests fail without being handled
    int fail_status = 503;                 // 502 (Apache proxy error page), 503, or 500 (empty body)
    std::string fail_path;                 // substring of the path (empty: all)
    std::string fail_method;               // GET, POST, PATCH... (empty: all)
    int commit_then_fail_count = 0;     // the next N matching POSTs are applied, then answered with an error
    int commit_then_fail_status = 502;  // as fail_status: 500 is the balancer's empty 500
    std::string commit_then_fail_path;  // substring of the path (empty: every POST)
    int commit_then_hold_count = 0;     // the next N matching POSTs are applied, then answered after the hold
    std::chrono::milliseconds commit_then_hold{0};
    std::string commit_then_hold_path;  // substring of the path (empty: every POST)
    int refuse_count = 0;               // the next N matching writes are refused without being applied
    int refuse_code = -5002;            // SAP's error code
    std::string refuse_message = "Internal error (-5002) occurred";
    std::string refuse_path;             // substring of the path (empty: every POST)
    std::string refuse_method = "POST";  // POST or PATCH
    int repeat_link_count = 0;           // the next N matching GETs name their own target as the next link
    std::string repeat_link_path;        // substring of the path (empty: every GET)
    int repeat_link_after = 0;           // matching GETs answered normally before the repeats begin
    bool repeat_link_rewinds = false;    // the link names the collection's first page, not the page itself
};

enum class fault_kind { none, fail_before, fail_after_commit, hold_after_commit, refuse };

struct fault_decision {
    std::chrono::milliseconds latency{0};
    fault_kind kind = fault_kind::none;
    int status = 0;                     // fail_before, fail_after_commit
    std::chrono::milliseconds hold{0};  // hold_after_commit
    int code = 0;                       // refuse
    std::string message;                // refuse
    bool repeat_link = false;           // a collection answer's next link names the request's own target
    bool rewind_link = false;           // ... or that target without its $skip: the first page again
};

// Decides what happens to one request and uses up the counts it consumes. Throws std::bad_alloc only.
fault_decision decide_fault(fault_plan& plan, std::string_view method, std::string_view path);

}  // namespace mlc::sim::sap

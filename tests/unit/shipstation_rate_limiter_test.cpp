// Unit tests for the ShipStation rate limiter, driven by a fake clock and a fake fixed-window server.
#include "clients/shipstation/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

namespace mlc::clients::shipstation {
namespace {

using namespace std::chrono_literals;
using clock_type = rate_limiter::clock;
using time_point = rate_limiter::time_point;

const time_point t0 = time_point{} + 1000h;

rate_limiter make_limiter(unsigned ceiling = 40) {
    rate_limiter_config cfg;
    cfg.ceiling = ceiling;
    return rate_limiter(cfg, [] { return 0.5; });
}

// ShipStation's V1 limiter: fixed windows of `limit` requests, aligned to `origin`; other applications
// sharing the key spend `others` requests at the start of each window.
struct fake_server {
    unsigned limit = 40;
    unsigned others = 0;
    time_point origin = t0 - 17s;
    std::map<long, unsigned> counts;  // window index -> requests counted
    unsigned throttled = 0;

    long index(time_point at) const { return static_cast<long>((at - origin) / 60s); }

    // Counts one arrival; returns the status and headers the server answers with.
    std::pair<unsigned, rate_limit_headers> arrive(time_point at) {
        auto i = index(at);
        auto [it, fresh] = counts.try_emplace(i, others);
        auto reset = std::chrono::duration_cast<std::chrono::seconds>(origin + (i + 1) * 60s - at);
        if (it->second >= limit) {
            ++throttled;
            return {429, rate_limit_headers{limit, 0u, reset, std::nullopt}};
        }
        ++it->second;
        return {200, rate_limit_headers{limit, limit - it->second, reset, std::nullopt}};
    }
};

fake_server make_server(unsigned limit, unsigned others = 0) {
    fake_server s;
    s.limit = limit;
    s.others = others;
    return s;
}

struct run_result {
    std::vector<time_point> sends;
    unsigned throttled = 0;
};

// Pushes `requests` bulk requests through the limiter against `server`, with at most `concurrency`
// requests in flight and latencies of 50..400 ms; a 429 is retried.
run_result simulate(rate_limiter& limiter, fake_server& server, int requests, std::size_t concurrency) {
    run_result out;
    struct flight {
        rate_limiter::ticket id;
        time_point answer_at;
        unsigned status;
        rate_limit_headers headers;
    };
    std::vector<flight> flights;
    time_point now = t0;
    for (int i = 0; i < requests; ++i) limiter.enqueue(priority::bulk, now);
    int done = 0;
    unsigned seq = 0;
    while (done < requests) {
        std::optional<time_point> wake;
        while (flights.size() < concurrency) {
            auto s = limiter.next(now);
            if (auto* g = std::get_if<rate_limiter::grant>(&s)) {
                out.sends.push_back(now);
                auto latency = 50ms + (seq++ * 37ms) % 350ms;
                auto [status, headers] = server.arrive(now + latency / 2);
                flights.push_back({g->id, now + latency, status, headers});
                continue;
            }
            if (auto* w = std::get_if<rate_limiter::wait>(&s)) wake = w->until;
            break;
        }
        auto first = std::min_element(flights.begin(), flights.end(), [](const flight& a, const flight& b) {
            return a.answer_at < b.answer_at;
        });
        if (first != flights.end() && (!wake || first->answer_at <= *wake)) {
            now = std::max(now, first->answer_at);
            limiter.on_response(first->id, first->status, first->headers, now);
            if (first->status == 429) {
                ++out.throttled;
                limiter.enqueue(priority::bulk, now, true);
            } else {
                ++done;
            }
            flights.erase(first);
        } else if (wake) {
            now = std::max(now, *wake);
        } else {
            ADD_FAILURE() << "the limiter neither grants nor says when";
            break;
        }
    }
    return out;
}

// The most sends found in any 60-second window [t, t+60s).
std::size_t busiest_minute(const std::vector<time_point>& sends) {
    std::size_t best = 0;
    for (std::size_t i = 0, j = 0; i < sends.size(); ++i) {
        while (j < sends.size() && sends[j] < sends[i] + 60s) ++j;
        best = std::max(best, j - i);
    }
    return best;
}

double per_minute(const std::vector<time_point>& sends) {
    auto span = sends.back() - sends.front() + 60s;
    return static_cast<double>(sends.size()) * 60.0 / std::chrono::duration<double>(span).count();
}

TEST(shipstation_rate_limiter, never_exceeds_the_ceiling_in_any_minute_and_keeps_throughput) {
    for (unsigned ceiling : {40u, 10u, 200u}) {
        auto limiter = make_limiter(ceiling);
        auto server = make_server(100'000);
        auto run = simulate(limiter, server, 3000, 64);
        ASSERT_EQ(run.sends.size(), 3000u);
        EXPECT_LE(busiest_minute(run.sends), ceiling) << ceiling;
        EXPECT_GE(per_minute(run.sends), 0.95 * ceiling) << ceiling;
        EXPECT_EQ(run.throttled, 0u);
    }
}

TEST(shipstation_rate_limiter, a_server_with_the_same_limit_never_answers_429_in_steady_state) {
    auto limiter = make_limiter(40);
    auto server = make_server(40);
    auto run = simulate(limiter, server, 2000, 8);
    EXPECT_EQ(run.throttled, 0u);
    EXPECT_LE(busiest_minute(run.sends), 40u);
    EXPECT_GE(per_minute(run.sends), 38.0);
}

TEST(shipstation_rate_limiter, the_servers_remaining_wins_when_other_applications_share_the_key) {
    // Others spend 25 of the 40 each minute: one at a time, we learn it from the first answer.
    auto limiter = make_limiter(40);
    auto server = make_server(40, 25);
    auto run = simulate(limiter, server, 300, 1);
    EXPECT_EQ(run.throttled, 0u);
    for (const auto& [window, count] : server.counts) EXPECT_LE(count, 40u) << window;
    EXPECT_GE(per_minute(run.sends), 0.9 * 15);
}

TEST(shipstation_rate_limiter, remaining_zero_waits_for_the_reset) {
    auto limiter = make_limiter(40);
    auto id = limiter.enqueue(priority::normal, t0);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::grant>(limiter.next(t0)));
    limiter.on_response(id, 200, {40u, 0u, 20s, std::nullopt}, t0 + 100ms);
    limiter.enqueue(priority::normal, t0 + 100ms);
    auto s = limiter.next(t0 + 100ms);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::wait>(s));
    EXPECT_EQ(std::get<rate_limiter::wait>(s).until, t0 + 100ms + 21s);
    EXPECT_EQ(limiter.stats(t0 + 100ms).server_remaining, 0);
    EXPECT_EQ(limiter.stats(t0 + 100ms).window_remaining, 39u);
    EXPECT_TRUE(std::holds_alternative<rate_limiter::grant>(limiter.next(t0 + 100ms + 21s)));
}

TEST(shipstation_rate_limiter, an_overtaken_request_is_not_counted_twice) {
    // A is granted before B, but B reaches the server first (another connection): the server counts B as
    // the 1st request of its window (Remaining 39) and A as the 2nd (Remaining 38).
    auto limiter = make_limiter(40);
    auto a = limiter.enqueue(priority::bulk, t0);
    auto b = limiter.enqueue(priority::bulk, t0);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::grant>(limiter.next(t0)));
    ASSERT_TRUE(std::holds_alternative<rate_limiter::grant>(limiter.next(t0)));
    limiter.on_response(b, 200, {40u, 39u, 60s, std::nullopt}, t0 + 10ms);
    limiter.on_response(a, 200, {40u, 38u, 60s, std::nullopt}, t0 + 20ms);
    // Both are answered: the server's count (38 left) is exact, not 37 (B taken off A's answer again).
    EXPECT_EQ(limiter.stats(t0 + 20ms).server_remaining, 38);
}

TEST(shipstation_rate_limiter, a_stricter_server_limit_lowers_the_ceiling) {
    auto limiter = make_limiter(40);
    for (int i = 0; i < 20; ++i) limiter.enqueue(priority::bulk, t0);
    auto first = std::get<rate_limiter::grant>(limiter.next(t0));
    limiter.on_response(first.id, 200, {10u, 9u, 59s, std::nullopt}, t0);
    int granted = 1;
    while (std::holds_alternative<rate_limiter::grant>(limiter.next(t0))) ++granted;
    EXPECT_EQ(granted, 10);
    EXPECT_EQ(limiter.stats(t0).server_limit, 10u);
}

TEST(shipstation_rate_limiter, a_looser_server_does_not_raise_our_ceiling) {
    auto limiter = make_limiter(5);
    for (int i = 0; i < 20; ++i) limiter.enqueue(priority::bulk, t0);
    auto first = std::get<rate_limiter::grant>(limiter.next(t0));
    limiter.on_response(first.id, 200, {100u, 99u, 59s, std::nullopt}, t0);
    int granted = 1;
    while (std::holds_alternative<rate_limiter::grant>(limiter.next(t0))) ++granted;
    EXPECT_EQ(granted, 5);
}

TEST(shipstation_rate_limiter, a_429_waits_reset_plus_jitter_then_the_retry_goes_first) {
    auto limiter = make_limiter(40);
    auto a = limiter.enqueue(priority::bulk, t0);
    ASSERT_EQ(std::get<rate_limiter::grant>(limiter.next(t0)).id, a);
    auto b = limiter.enqueue(priority::bulk, t0);
    limiter.on_response(a, 429, {40u, 0u, 20s, std::nullopt}, t0 + 1s);
    auto retry = limiter.enqueue(priority::bulk, t0 + 1s, true);
    auto s = limiter.next(t0 + 1s);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::wait>(s));
    // 20 s of Reset, 1 s of slack for its rounding, half of the 2 s jitter.
    EXPECT_EQ(std::get<rate_limiter::wait>(s).until, t0 + 1s + 20s + 1s + 1s);
    EXPECT_TRUE(std::holds_alternative<rate_limiter::wait>(limiter.next(t0 + 22s)));
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0 + 23s)).id, retry);
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0 + 23s)).id, b);
    EXPECT_EQ(limiter.stats(t0 + 24s).throttled, 1u);
}

TEST(shipstation_rate_limiter, a_429_honours_retry_after_or_a_default) {
    auto limiter = make_limiter(40);
    auto a = limiter.enqueue(priority::bulk, t0);
    limiter.next(t0);
    limiter.on_response(a, 429, {std::nullopt, std::nullopt, std::nullopt, 7s}, t0);
    limiter.enqueue(priority::bulk, t0);
    EXPECT_EQ(std::get<rate_limiter::wait>(limiter.next(t0)).until, t0 + 7s + 1s + 1s);

    auto other = make_limiter(40);
    auto b = other.enqueue(priority::bulk, t0);
    other.next(t0);
    other.on_response(b, 429, {}, t0);
    other.enqueue(priority::bulk, t0);
    EXPECT_EQ(std::get<rate_limiter::wait>(other.next(t0)).until, t0 + 60s + 1s + 1s);
}

TEST(shipstation_rate_limiter, tracking_goes_before_a_bulk_backlog) {
    auto limiter = make_limiter(2);
    std::vector<rate_limiter::ticket> bulk;
    for (int i = 0; i < 50; ++i) bulk.push_back(limiter.enqueue(priority::bulk, t0));
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0)).id, bulk[0]);
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0)).id, bulk[1]);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::wait>(limiter.next(t0 + 1s)));
    auto normal = limiter.enqueue(priority::normal, t0 + 2s);
    auto tracking = limiter.enqueue(priority::tracking, t0 + 3s);
    auto later = t0 + 60s + 500ms;
    auto g = std::get<rate_limiter::grant>(limiter.next(later));
    EXPECT_EQ(g.id, tracking);
    EXPECT_EQ(g.prio, priority::tracking);
    EXPECT_EQ(g.waited, later - (t0 + 3s));
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(later)).id, normal);
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(later + 61s)).id, bulk[2]);
}

rate_limiter make_shared_limiter(unsigned ceiling, double share) {
    rate_limiter_config cfg;
    cfg.ceiling = ceiling;
    cfg.background_share = share;
    return rate_limiter(cfg, [] { return 0.5; });
}

TEST(shipstation_rate_limiter, background_never_overtakes_bulk_normal_or_tracking) {
    auto limiter = make_shared_limiter(4, 1.0);  // the share is not what holds background back here
    auto background = limiter.enqueue(priority::background, t0);
    auto retry = limiter.enqueue(priority::background, t0, true);  // a retry goes first among its own only
    auto bulk = limiter.enqueue(priority::bulk, t0 + 1s);
    auto normal = limiter.enqueue(priority::normal, t0 + 2s);
    auto tracking = limiter.enqueue(priority::tracking, t0 + 3s);
    std::vector<rate_limiter::ticket> order;
    for (int i = 0; i < 3; ++i) order.push_back(std::get<rate_limiter::grant>(limiter.next(t0 + 3s)).id);
    EXPECT_EQ(order, (std::vector<rate_limiter::ticket>{tracking, normal, bulk}));
    // The others were just granted: background waits two ceiling intervals (2 x 60.5 s / 4) after the last.
    auto quiet_until = t0 + 3s + 30250ms;
    auto waiting = limiter.next(t0 + 3s);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::wait>(waiting));
    EXPECT_EQ(std::get<rate_limiter::wait>(waiting).until, quiet_until);
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(quiet_until)).id, retry);
    ASSERT_TRUE(
        std::holds_alternative<rate_limiter::wait>(limiter.next(quiet_until)));  // the ceiling is spent
    // A bulk request arriving while background waits for the window still goes first, and starts the quiet
    // period again.
    auto late = limiter.enqueue(priority::bulk, t0 + 40s);
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0 + 64s)).id, late);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::wait>(limiter.next(t0 + 65s)));
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0 + 64s + 30250ms)).id, background);
    EXPECT_EQ(limiter.stats(t0 + 95s).background_granted, 2u);
}

TEST(shipstation_rate_limiter, background_is_granted_at_once_when_the_others_are_idle) {
    auto limiter = make_shared_limiter(40, 0.25);
    for (int i = 0; i < 3; ++i) limiter.enqueue(priority::background, t0);
    for (int i = 0; i < 3; ++i) {
        auto g = std::get<rate_limiter::grant>(limiter.next(t0));
        EXPECT_EQ(g.prio, priority::background);
        EXPECT_EQ(g.waited, clock_type::duration::zero());
    }
    EXPECT_TRUE(std::holds_alternative<rate_limiter::idle>(limiter.next(t0)));
    auto s = limiter.stats(t0);
    EXPECT_EQ(s.background_in_window, 3u);
    EXPECT_EQ(s.background_granted, 3u);
    EXPECT_EQ(s.window_remaining, 37u);  // background sends count against the whole budget too
    EXPECT_EQ(limiter.stats(t0 + 60s + 500ms).background_in_window, 0u);
}

// Drives `limiter` for `minutes`: a bulk request every `bulk_every` (answered at once) and a backlog of
// background requests kept queued. Returns the grants as (priority, time, waited).
struct timed_grant {
    priority prio;
    time_point at;
    clock_type::duration waited;
};
std::vector<timed_grant> run_mixed(rate_limiter& limiter, int minutes, std::chrono::milliseconds bulk_every) {
    std::vector<timed_grant> out;
    for (int i = 0; i < 500; ++i) limiter.enqueue(priority::background, t0);
    time_point next_bulk = t0;
    const time_point end = t0 + std::chrono::minutes(minutes);
    for (time_point now = t0; now < end; now += 100ms) {
        if (bulk_every.count() > 0 && now >= next_bulk) {
            limiter.enqueue(priority::bulk, now);
            next_bulk += bulk_every;
        }
        for (;;) {
            auto s = limiter.next(now);
            auto* g = std::get_if<rate_limiter::grant>(&s);
            if (!g) break;
            out.push_back({g->prio, now, g->waited});
            limiter.on_response(g->id, 200, {}, now);
        }
    }
    return out;
}

std::vector<time_point> sends_of(const std::vector<timed_grant>& grants, priority p) {
    std::vector<time_point> out;
    for (const auto& g : grants)
        if (g.prio == p) out.push_back(g.at);
    return out;
}

TEST(shipstation_rate_limiter, background_stays_within_its_share_in_any_sliding_window) {
    for (double share : {0.25, 0.1, 0.5}) {
        auto limiter = make_shared_limiter(40, share);
        auto grants = run_mixed(limiter, 10, 0ms);
        auto background = sends_of(grants, priority::background);
        auto cap = static_cast<std::size_t>(share * 40);
        EXPECT_LE(busiest_minute(background), cap) << share;
        // Idle otherwise, background uses all of its share: cap per window of 60.5 s.
        EXPECT_GE(background.size(), cap * 9) << share;
    }
}

TEST(shipstation_rate_limiter, orders_never_wait_for_background_within_the_budget) {
    // 10 bulk pushes a minute against a ceiling of 40 and a background share of 25 % (10): each push is sent
    // the moment it is queued, while background takes its share in the quiet between them.
    auto limiter = make_shared_limiter(40, 0.25);
    auto grants = run_mixed(limiter, 10, 6000ms);
    auto bulk = sends_of(grants, priority::bulk);
    auto background = sends_of(grants, priority::background);
    EXPECT_GE(bulk.size(), 99u);
    for (const auto& g : grants) {
        if (g.prio == priority::bulk) {
            EXPECT_EQ(g.waited, clock_type::duration::zero());
        }
    }
    EXPECT_LE(busiest_minute(background), 10u);
    EXPECT_GE(background.size(), 90u);
    auto all = sends_of(grants, priority::bulk);
    all.insert(all.end(), background.begin(), background.end());
    std::sort(all.begin(), all.end());
    EXPECT_LE(busiest_minute(all), 40u);
}

TEST(shipstation_rate_limiter, a_backlog_of_pushes_leaves_background_nothing_until_it_is_sent) {
    // Two pushers each queue their next createorders 50 ms after the previous one was granted (the answer and
    // the settling in between), for 500 batches: throttled at 40 a minute, and in bursts whenever a window's
    // sends expire together. Background is queued all along.
    auto limiter = make_shared_limiter(40, 0.25);
    for (int i = 0; i < 100; ++i) limiter.enqueue(priority::background, t0);
    int batches_left = 500;
    std::vector<time_point> pusher_ready{t0, t0};
    std::vector<std::optional<rate_limiter::ticket>> queued(2);
    std::optional<time_point> last_bulk, first_background;
    for (time_point now = t0; now < t0 + 30min; now += 10ms) {
        for (std::size_t p = 0; p < 2; ++p)
            if (!queued[p] && batches_left > 0 && now >= pusher_ready[p]) {
                queued[p] = limiter.enqueue(priority::bulk, now);
                --batches_left;
            }
        for (;;) {
            auto step = limiter.next(now);
            auto* g = std::get_if<rate_limiter::grant>(&step);
            if (!g) break;
            limiter.on_response(g->id, 200, {}, now);
            if (g->prio == priority::background) {
                if (!first_background) first_background = now;
                continue;
            }
            last_bulk = now;
            for (std::size_t p = 0; p < 2; ++p)
                if (queued[p] == g->id) {
                    queued[p].reset();
                    pusher_ready[p] = now + 50ms;
                }
        }
    }
    ASSERT_EQ(batches_left, 0);
    ASSERT_TRUE(last_bulk && first_background);
    EXPECT_GT(*first_background, *last_bulk) << "background took a slot while pushes were waiting";
    // 500 calls at 40 per 60.5 s: the pushes took no longer than the budget allows.
    EXPECT_LE(*last_bulk - t0, 13 * 60500ms);
}

TEST(shipstation_rate_limiter, a_small_share_still_allows_one_background_send_per_window) {
    auto limiter = make_shared_limiter(2, 0.1);  // floor(0.2) = 0, at least 1
    auto a = limiter.enqueue(priority::background, t0);
    limiter.enqueue(priority::background, t0);
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0)).id, a);
    auto s = limiter.next(t0);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::wait>(s));
    EXPECT_EQ(std::get<rate_limiter::wait>(s).until, t0 + 60s + 500ms);
    // The window has room for a bulk push meanwhile; background then also waits for the quiet after it
    // (2 x 60.5 s / 2).
    limiter.enqueue(priority::bulk, t0 + 1s);
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0 + 1s)).prio, priority::bulk);
    EXPECT_TRUE(std::holds_alternative<rate_limiter::wait>(limiter.next(t0 + 60s + 500ms)));
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0 + 61s + 500ms)).prio, priority::background);
}

TEST(shipstation_rate_limiter, a_share_of_zero_never_grants_background) {
    auto limiter = make_shared_limiter(40, 0.0);
    auto background = limiter.enqueue(priority::background, t0);
    auto s = limiter.next(t0);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::wait>(s));
    EXPECT_EQ(std::get<rate_limiter::wait>(s).until, time_point::max());
    limiter.enqueue(priority::bulk, t0 + 1s);
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0 + 1s)).prio, priority::bulk);
    EXPECT_TRUE(std::holds_alternative<rate_limiter::wait>(limiter.next(t0 + 1h)));
    EXPECT_EQ(limiter.stats(t0 + 1h).background_granted, 0u);
    EXPECT_TRUE(limiter.cancel(background));
    EXPECT_TRUE(std::holds_alternative<rate_limiter::idle>(limiter.next(t0 + 1h)));
}

TEST(shipstation_rate_limiter, the_share_follows_a_stricter_server_limit) {
    auto limiter = make_shared_limiter(40, 0.25);  // 10 of 40; the server says 20, so 5
    auto first = limiter.enqueue(priority::normal, t0);
    limiter.next(t0);
    limiter.on_response(first, 200, {20u, 19u, 59s, std::nullopt}, t0);
    for (int i = 0; i < 10; ++i) limiter.enqueue(priority::background, t0);
    // After the quiet that follows the normal request (2 x 60.5 s / 20).
    EXPECT_TRUE(std::holds_alternative<rate_limiter::wait>(limiter.next(t0 + 6s)));
    int granted = 0;
    while (std::holds_alternative<rate_limiter::grant>(limiter.next(t0 + 7s))) ++granted;
    EXPECT_EQ(granted, 5);
}

TEST(shipstation_rate_limiter, rejects_a_share_outside_zero_to_one) {
    for (double share : {-0.1, 1.5}) {
        rate_limiter_config cfg;
        cfg.background_share = share;
        EXPECT_THROW(rate_limiter{cfg}, std::invalid_argument) << share;
    }
}

TEST(shipstation_rate_limiter, cancel_removes_only_queued_requests) {
    auto limiter = make_limiter(40);
    auto a = limiter.enqueue(priority::bulk, t0);
    auto b = limiter.enqueue(priority::bulk, t0);
    EXPECT_TRUE(limiter.cancel(a));
    EXPECT_FALSE(limiter.cancel(a));
    EXPECT_EQ(std::get<rate_limiter::grant>(limiter.next(t0)).id, b);
    EXPECT_FALSE(limiter.cancel(b));
    EXPECT_TRUE(std::holds_alternative<rate_limiter::idle>(limiter.next(t0)));
}

TEST(shipstation_rate_limiter, reports_its_figures) {
    auto limiter = make_limiter(40);
    auto a = limiter.enqueue(priority::bulk, t0);
    limiter.enqueue(priority::bulk, t0);
    limiter.next(t0 + 2s);
    auto s = limiter.stats(t0 + 2s);
    EXPECT_EQ(s.granted, 1u);
    EXPECT_EQ(s.queued, 1u);
    EXPECT_EQ(s.in_flight, 1u);
    EXPECT_EQ(s.window_remaining, 39u);
    EXPECT_EQ(s.total_wait, clock_type::duration(2s));
    EXPECT_FALSE(s.server_remaining.has_value());
    limiter.on_no_response(a);
    EXPECT_EQ(limiter.stats(t0 + 3s).in_flight, 0u);
    EXPECT_EQ(limiter.stats(t0 + 62s + 499ms).window_remaining, 39u);
    EXPECT_EQ(limiter.stats(t0 + 62s + 500ms).window_remaining, 40u);
}

TEST(shipstation_rate_limiter, parses_header_values) {
    auto h = parse_rate_limit_headers("40", " 12 ", "20", "");
    EXPECT_EQ(h.limit, 40u);
    EXPECT_EQ(h.remaining, 12u);
    EXPECT_EQ(h.reset, std::chrono::seconds(20));
    EXPECT_FALSE(h.retry_after.has_value());
    auto bad = parse_rate_limit_headers("-1", "x", "1.5", "Wed, 21 Oct 2015 07:28:00 GMT");
    EXPECT_FALSE(bad.limit || bad.remaining || bad.reset || bad.retry_after);
}

TEST(shipstation_rate_limiter, rejects_a_zero_ceiling) {
    rate_limiter_config cfg;
    cfg.ceiling = 0;
    EXPECT_THROW(rate_limiter{cfg}, std::invalid_argument);
}

TEST(shipstation_rate_limiter, peek_names_the_next_grant_without_granting_it) {
    auto l = make_limiter(1);
    EXPECT_TRUE(std::holds_alternative<rate_limiter::idle>(l.peek(t0)));
    auto bulk = l.enqueue(priority::bulk, t0);
    auto tracking = l.enqueue(priority::tracking, t0);
    auto first = l.peek(t0 + 1s);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::grant>(first));
    EXPECT_EQ(std::get<rate_limiter::grant>(first).id, tracking);
    EXPECT_EQ(l.second_priority(), priority::bulk);
    EXPECT_EQ(l.stats(t0 + 1s).granted, 0u);  // peek granted nothing
    auto granted = l.next(t0 + 1s);
    ASSERT_TRUE(std::holds_alternative<rate_limiter::grant>(granted));
    EXPECT_EQ(std::get<rate_limiter::grant>(granted).id, tracking);
    EXPECT_EQ(l.second_priority(), std::nullopt);
    EXPECT_TRUE(std::holds_alternative<rate_limiter::wait>(l.peek(t0 + 2s)));  // the ceiling of 1 is spent
    EXPECT_EQ(std::get<rate_limiter::grant>(l.peek(t0 + 62s)).id, bulk);
}

TEST(shipstation_rate_limiter, a_ceiling_cap_lowers_the_window_until_lifted) {
    auto l = make_limiter(10);
    l.cap_ceiling(3);
    for (int i = 0; i < 5; ++i) l.enqueue(priority::bulk, t0);
    int granted = 0;
    while (std::holds_alternative<rate_limiter::grant>(l.next(t0))) ++granted;
    EXPECT_EQ(granted, 3);
    l.cap_ceiling(std::nullopt);
    while (std::holds_alternative<rate_limiter::grant>(l.next(t0))) ++granted;
    EXPECT_EQ(granted, 5);
    l.cap_ceiling(0);  // counts as 1: never stop sending entirely
    l.enqueue(priority::bulk, t0);
    EXPECT_TRUE(std::holds_alternative<rate_limiter::grant>(l.next(t0 + 61s)));
}

}  // namespace
}  // namespace mlc::clients::shipstation

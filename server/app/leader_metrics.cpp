// The mlc_leader gauge, set by the leader locks' observer.
#include "server/app/leader_metrics.hpp"

#include <prometheus/gauge.h>

namespace mlc::server::app {

db::leader_reporting leader_metrics(prometheus::Registry& registry, std::string replica) {
    auto& family = prometheus::BuildGauge()
                       .Name("mlc_leader")
                       .Help(
                           "1 while this replica holds the leader lock named by lock (its singleton loop "
                           "runs here), 0 otherwise.")
                       .Register(registry);
    // Family::Add is thread-safe and returns the same series for the same labels.
    return {std::move(replica), [&family](const std::string& lock, bool held) {
                family.Add({{"lock", lock}}).Set(held ? 1.0 : 0.0);
            }};
}

}  // namespace mlc::server::app

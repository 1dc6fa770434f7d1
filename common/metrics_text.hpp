// Renders a metrics registry in the Prometheus text exposition format.
#pragma once

#include <prometheus/registry.h>

#include <string>

namespace mlc {

// Collects every family in `registry` and returns the text /metrics serves. Throws std::bad_alloc only.
std::string render_prometheus_text(prometheus::Registry& registry);

}  // namespace mlc

// Renders a metrics registry in the Prometheus text exposition format.
#include "common/metrics_text.hpp"

#include <prometheus/text_serializer.h>

namespace mlc {

std::string render_prometheus_text(prometheus::Registry& registry) {
    return prometheus::TextSerializer{}.Serialize(registry.Collect());
}

}  // namespace mlc

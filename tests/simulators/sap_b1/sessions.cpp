// Session ids and idle expiry.
#include "tests/simulators/sap_b1/sessions.hpp"

#include <cstdio>

namespace mlc::sim::sap {

namespace {

std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace

session_table::session_table(std::chrono::milliseconds idle_timeout, std::uint64_t seed)
    : timeout_(idle_timeout),
      counter_(mix(
          seed ^ static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()))) {}

std::string session_table::create(time_point now) {
    std::uint64_t a = mix(++counter_), b = mix(++counter_);
    char id[40];
    std::snprintf(id, sizeof id, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                  static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
    sessions_[id] = now;
    return id;
}

bool session_table::touch(std::string_view id, time_point now) {
    auto it = sessions_.find(std::string(id));
    if (it == sessions_.end()) return false;
    if (now - it->second >= timeout_) {
        sessions_.erase(it);
        return false;
    }
    it->second = now;
    return true;
}

bool session_table::remove(std::string_view id, time_point now) {
    auto it = sessions_.find(std::string(id));
    if (it == sessions_.end()) return false;
    bool was_live = now - it->second < timeout_;
    sessions_.erase(it);
    return was_live;
}

std::size_t session_table::live(time_point now) const {
    std::size_t n = 0;
    for (const auto& [id, last] : sessions_)
        if (now - last < timeout_) ++n;
    return n;
}

}  // namespace mlc::sim::sap

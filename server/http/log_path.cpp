// Cutting a request path for the log.
#include "server/http/log_path.hpp"

namespace mlc::server::http {

std::string log_path(std::string_view path, std::size_t limit) {
    if (path.size() <= limit) return std::string(path);
    std::size_t cut = limit;
    // Back up over UTF-8 continuation bytes (10xxxxxx) so the cut lands on the start of a character.
    while (cut > 0 && (static_cast<unsigned char>(path[cut]) & 0xC0) == 0x80) --cut;
    std::string out(path.substr(0, cut));
    out += "\u2026";
    return out;
}

}  // namespace mlc::server::http

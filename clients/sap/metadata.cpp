// Finding DocumentLine's batch property in a $metadata (CSDL) document without a full XML parser.
#include "clients/sap/metadata.hpp"

namespace mlc::clients::sap {

namespace {

// The text of the type named `name` (from its opening tag to its closing one); "" if absent.
std::string_view type_body(std::string_view csdl, std::string_view name) {
    const std::string attribute = "Name=\"" + std::string(name) + "\"";
    for (std::string_view kind : {"ComplexType", "EntityType"}) {
        const std::string open = "<" + std::string(kind) + " ";
        for (std::size_t at = csdl.find(open); at != std::string_view::npos; at = csdl.find(open, at + 1)) {
            const std::size_t tag_end = csdl.find('>', at);
            if (tag_end == std::string_view::npos) return {};
            if (csdl.substr(at, tag_end - at).find(attribute) == std::string_view::npos) continue;
            const std::size_t close = csdl.find("</" + std::string(kind) + ">", tag_end);
            return csdl.substr(tag_end,
                               close == std::string_view::npos ? std::string_view::npos : close - tag_end);
        }
    }
    return {};
}

}  // namespace

std::optional<std::string> document_line_batch_property(std::string_view csdl) {
    const std::string_view line = type_body(csdl, "DocumentLine");
    for (std::string_view name : {"BatchNumbers", "BatchNumberProperty"})
        if (line.find("<Property Name=\"" + std::string(name) + "\"") != std::string_view::npos)
            return std::string(name);
    return std::nullopt;
}

}  // namespace mlc::clients::sap

// What the client reads from $metadata: the name of a document line's batch collection (reference §7.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlc::clients::sap {

// The batch property the client writes delivery lines with, and where that name came from.
struct batch_property_choice {
    std::string property = "BatchNumbers";  // or "BatchNumberProperty" (WCFCompatible mode)
    bool from_metadata = false;             // false: $metadata could not be read, BatchNumbers is a fallback
    std::string why;                        // when not from_metadata: what went wrong (for the log and check)
};

// "BatchNumbers" or "BatchNumberProperty", as declared on the DocumentLine type (ComplexType or EntityType)
// of a CSDL document; nullopt when neither is there. Never throws except std::bad_alloc.
std::optional<std::string> document_line_batch_property(std::string_view csdl);

}  // namespace mlc::clients::sap

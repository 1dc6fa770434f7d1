// The SKU map's CSV import format, read without I/O: a header naming the columns, then one mapping a line.
#pragma once

#include <boost/system/result.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::server::handlers {

// ShipStation's V1 reference states no limit for an item's sku; 100 characters is a cap that keeps a stray
// value (a pasted description) out. SAP B1's ItemCode (OITM.ItemCode) holds 50.
constexpr std::size_t max_sku_length = 100;
constexpr std::size_t max_item_code_length = 50;

// One mapping as the file gives it.
struct sku_csv_row {
    std::string sku;
    std::string item_code;
    bool preferred = false;
    std::string note;
    std::size_t line = 0;  // where its record starts (the header is line 1)
};

// Why `value` cannot be a SKU (`what` = "SKU") or an ItemCode ("ItemCode") of at most `max_length`
// characters: empty, longer, not UTF-8, a control character, or space at either end. nullopt when it can.
// Never throws except std::bad_alloc.
std::optional<std::string> invalid_code(std::string_view what, std::string_view value,
                                        std::size_t max_length);

// The rows of `text`: a header line `sku,item_code[,preferred][,note]` (any order, names case-insensitive),
// then records under RFC 4180 quoting, lines ending in CRLF or LF, a UTF-8 BOM tolerated, empty lines
// skipped, values trimmed; preferred is true/false, yes/no, 1/0 or empty (false). Returns them in file
// order, or the first problem naming its line: a malformed record, a wrong field count, an unknown or
// missing column, a bad value, a SKU twice, or two preferred rows for one item. Throws std::bad_alloc only.
boost::system::result<std::vector<sku_csv_row>, std::string> read_sku_map_csv(std::string_view text);

}  // namespace mlc::server::handlers

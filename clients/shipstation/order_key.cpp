// Building and reading the orderKey of an SAP order.
#include "clients/shipstation/order_key.hpp"

#include <charconv>
#include <stdexcept>

namespace mlc::clients::shipstation {
namespace {

constexpr std::string_view prefix = "mlc-";
// Marks the DocEntry part: the last part of the older form is DocNum's digits alone, so the two forms never
// read as each other, even with a CompanyDB that holds '-' and digits.
constexpr char entry_mark = 'e';
constexpr std::size_t max_company_db = 100;

bool valid_company_db(std::string_view db) noexcept {
    if (db.empty() || db.size() > max_company_db) return false;
    for (char c : db) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-';
        if (!ok) return false;
    }
    return true;
}

// A positive decimal number without leading zeros, or nullopt.
std::optional<std::int64_t> positive_number(std::string_view text) noexcept {
    if (text.empty() || text.front() == '0') return std::nullopt;
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
    return n;
}

// Splits "<rest>-<last>" at the last '-'. DocNum and DocEntry never hold '-', CompanyDB may.
std::optional<std::pair<std::string_view, std::string_view>> split_last(std::string_view text) noexcept {
    auto dash = text.rfind('-');
    if (dash == std::string_view::npos) return std::nullopt;
    return std::pair{text.substr(0, dash), text.substr(dash + 1)};
}

}  // namespace

std::string company_key(std::string_view company_db) {
    std::string out(company_db);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string make_order_key(std::string_view company_db, std::int64_t doc_num, std::int64_t doc_entry) {
    if (!valid_company_db(company_db)) {
        throw std::invalid_argument("orderKey: CompanyDB must be 1 to 100 characters of [A-Za-z0-9_-]");
    }
    if (doc_num <= 0) throw std::invalid_argument("orderKey: DocNum must be positive");
    if (doc_entry <= 0) throw std::invalid_argument("orderKey: DocEntry must be positive");
    return std::string(prefix) + company_key(company_db) + "-" + std::to_string(doc_num) + "-" + entry_mark +
           std::to_string(doc_entry);
}

std::optional<order_key_parts> parse_order_key(std::string_view key) {
    if (!key.starts_with(prefix)) return std::nullopt;
    key.remove_prefix(prefix.size());
    auto last = split_last(key);
    if (!last) return std::nullopt;
    order_key_parts parts;
    if (last->second.starts_with(entry_mark)) {
        parts.doc_entry = positive_number(last->second.substr(1));
        if (!parts.doc_entry) return std::nullopt;
        last = split_last(last->first);
        if (!last) return std::nullopt;
    }
    auto [db, num] = *last;
    auto doc_num = positive_number(num);
    if (!valid_company_db(db) || db != company_key(db) || !doc_num) return std::nullopt;
    parts.company_db = std::string(db);
    parts.doc_num = *doc_num;
    return parts;
}

}  // namespace mlc::clients::shipstation

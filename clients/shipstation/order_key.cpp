// Building and reading the orderKey of an SAP order.
#include "clients/shipstation/order_key.hpp"

#include <charconv>
#include <stdexcept>

namespace mlc::clients::shipstation {
namespace {

constexpr std::string_view prefix = "mlc-";
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

}  // namespace

std::string company_key(std::string_view company_db) {
    std::string out(company_db);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string make_order_key(std::string_view company_db, std::int64_t doc_num) {
    if (!valid_company_db(company_db)) {
        throw std::invalid_argument("orderKey: CompanyDB must be 1 to 100 characters of [A-Za-z0-9_-]");
    }
    if (doc_num <= 0) throw std::invalid_argument("orderKey: DocNum must be positive");
    return std::string(prefix) + company_key(company_db) + "-" + std::to_string(doc_num);
}

std::optional<order_key_parts> parse_order_key(std::string_view key) {
    if (!key.starts_with(prefix)) return std::nullopt;
    key.remove_prefix(prefix.size());
    // DocNum never holds '-', CompanyDB may: split at the last one.
    auto dash = key.rfind('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto db = key.substr(0, dash);
    auto num = key.substr(dash + 1);
    if (!valid_company_db(db) || db != company_key(db) || num.empty() || num.front() == '0') return std::nullopt;
    std::int64_t doc_num = 0;
    auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), doc_num);
    if (ec != std::errc() || end != num.data() + num.size() || doc_num <= 0) return std::nullopt;
    return order_key_parts{std::string(db), doc_num};
}

}  // namespace mlc::clients::shipstation

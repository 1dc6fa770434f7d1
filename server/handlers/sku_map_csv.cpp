// Reading the SKU map's CSV import: RFC 4180 records, a header naming the columns, checked values.
#include "server/handlers/sku_map_csv.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace mlc::server::handlers {

namespace {

// One CSV record and the line it starts on.
struct record {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

using records = boost::system::result<std::vector<record>, std::string>;

// A problem becomes the error of any result<T, std::string>. It needs its tag: the values read here (a
// string, a row whose first member is one) could be made from a bare string too.
struct problem {
    std::string text;
    template <class T>
    operator boost::system::result<T, std::string>() && {
        return boost::system::result<T, std::string>(boost::system::in_place_error, std::move(text));
    }
};

problem at_line(std::size_t line, std::string_view what) {
    return {"line " + std::to_string(line) + ": " + std::string(what)};
}

bool ends_field(char c) {
    return c == ',' || c == '\r' || c == '\n';
}

// Splits `text` into records; a quoted value may hold commas, quotes (doubled) and line breaks.
class record_reader {
public:
    explicit record_reader(std::string_view text) : text_(text) {}

    records read_all() {
        std::vector<record> out;
        while (pos_ < text_.size()) {
            record r{{}, line_};
            for (;;) {
                auto field = read_field();
                if (!field) return field.error();
                r.fields.push_back(std::move(*field));
                if (pos_ >= text_.size() || text_[pos_] != ',') break;
                ++pos_;
            }
            // read_field stopped at the end or at a line break: CRLF, LF or a lone CR.
            if (pos_ < text_.size() && text_[pos_++] == '\r' && pos_ < text_.size() && text_[pos_] == '\n')
                ++pos_;
            ++line_;
            out.push_back(std::move(r));
        }
        return out;
    }

private:
    // The value at pos_, which it leaves at the end of the text, a comma or a line break.
    using field_result = boost::system::result<std::string, std::string>;

    static field_result value_of(std::string field) {
        return field_result(boost::system::in_place_value, std::move(field));
    }

    field_result read_field() {
        std::string field;
        if (pos_ < text_.size() && text_[pos_] == '"') {
            const std::size_t opened = line_;
            ++pos_;
            for (;;) {
                if (pos_ >= text_.size()) return at_line(opened, "a quoted value is not closed");
                const char c = text_[pos_++];
                if (c == '"') {
                    if (pos_ < text_.size() && text_[pos_] == '"') {
                        field += '"';
                        ++pos_;
                        continue;
                    }
                    break;
                }
                if (c == '\n') ++line_;
                field += c;
            }
            // Spaces may follow the closing quote (values are trimmed anyway); anything else is malformed.
            while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
            if (pos_ < text_.size() && !ends_field(text_[pos_]))
                return at_line(line_, "text after a closing quote (a quote inside a value is written \"\")");
            return value_of(std::move(field));
        }
        while (pos_ < text_.size() && !ends_field(text_[pos_])) {
            if (text_[pos_] == '"')
                return at_line(line_, "a quote inside an unquoted value (quote the whole value)");
            field += text_[pos_++];
        }
        return value_of(std::move(field));
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

std::string trimmed(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool blank(const record& r) {
    return r.fields.size() == 1 && trimmed(r.fields[0]).empty();
}

// The number of characters of UTF-8 `s`, or nullopt when it is not UTF-8 (or holds a NUL).
std::optional<std::size_t> utf8_length(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++count) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || c == 0 || i + n > s.size()) return std::nullopt;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return std::nullopt;
        i += n;
    }
    return count;
}

// `value` as it may be quoted in a message: at most 40 characters.
std::string shown(std::string_view value) {
    return value.size() <= 40 ? std::string(value) : std::string(value.substr(0, 40)) + "...";
}

std::optional<bool> flag_of(std::string_view text) {
    const std::string t = lower(std::string(text));
    if (t.empty() || t == "false" || t == "no" || t == "n" || t == "0") return false;
    if (t == "true" || t == "yes" || t == "y" || t == "1") return true;
    return std::nullopt;
}

constexpr std::array<std::string_view, 4> column_names{"sku", "item_code", "preferred", "note"};

// Column name -> index in the record, from the header.
using columns = std::map<std::string, std::size_t>;

boost::system::result<columns, std::string> read_header(const record& header) {
    columns out;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name = lower(trimmed(header.fields[i]));
        if (std::find(column_names.begin(), column_names.end(), name) == column_names.end())
            return at_line(header.line,
                           "unknown column '" + shown(name) +
                               "' (the header names sku, item_code and optionally preferred, note)");
        if (!out.emplace(name, i).second) return at_line(header.line, "column '" + name + "' appears twice");
    }
    if (!out.contains("sku") || !out.contains("item_code"))
        return at_line(header.line, "the header must name the columns sku and item_code");
    return out;
}

boost::system::result<sku_csv_row, std::string> read_row(const record& r, const columns& cols) {
    auto value = [&](const char* name) {
        auto it = cols.find(name);
        return it == cols.end() ? std::string() : trimmed(r.fields[it->second]);
    };
    if (r.fields.size() != cols.size())
        return at_line(r.line, std::to_string(r.fields.size()) + " values where the header names " +
                                   std::to_string(cols.size()));
    sku_csv_row row{value("sku"), value("item_code"), false, value("note"), r.line};
    if (auto bad = invalid_code("SKU", row.sku, max_sku_length)) return at_line(r.line, *bad);
    if (auto bad = invalid_code("ItemCode", row.item_code, max_item_code_length))
        return at_line(r.line, *bad);
    if (!utf8_length(row.note)) return at_line(r.line, "the note is not UTF-8 text");
    auto preferred = flag_of(value("preferred"));
    if (!preferred)
        return at_line(r.line, "preferred is '" + shown(value("preferred")) + "' (use true or false)");
    row.preferred = *preferred;
    return row;
}

}  // namespace

std::optional<std::string> invalid_code(std::string_view what, std::string_view value,
                                        std::size_t max_length) {
    const std::string name(what);
    if (value.empty()) return "the " + name + " is empty";
    auto length = utf8_length(value);
    if (!length) return "the " + name + " is not UTF-8 text";
    if (*length > max_length)
        return name + " '" + shown(value) + "' is longer than " + std::to_string(max_length) + " characters";
    if (std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        return name + " '" + shown(value) + "' holds a control character";
    if (trimmed(value) != value) return name + " '" + shown(value) + "' begins or ends with a space";
    return std::nullopt;
}

boost::system::result<std::vector<sku_csv_row>, std::string> read_sku_map_csv(std::string_view text) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (text.starts_with(bom)) text.remove_prefix(bom.size());
    auto all = record_reader(text).read_all();
    if (!all) return all.error();
    std::erase_if(*all, blank);
    if (all->empty()) return std::string("the file is empty: expected a header line sku,item_code");
    auto cols = read_header(all->front());
    if (!cols) return cols.error();
    std::vector<sku_csv_row> out;
    std::map<std::string, std::size_t> sku_lines, preferred_lines;  // -> the line that named it first
    for (auto it = all->begin() + 1; it != all->end(); ++it) {
        auto row = read_row(*it, *cols);
        if (!row) return row.error();
        if (auto [at, fresh] = sku_lines.emplace(row->sku, row->line); !fresh)
            return at_line(row->line,
                           "SKU '" + shown(row->sku) + "' is already on line " + std::to_string(at->second));
        if (row->preferred)
            if (auto [at, fresh] = preferred_lines.emplace(row->item_code, row->line); !fresh)
                return at_line(row->line, "ItemCode '" + shown(row->item_code) +
                                              "' already has its preferred SKU on line " +
                                              std::to_string(at->second) + " (one per item)");
        out.push_back(std::move(*row));
    }
    return out;
}

}  // namespace mlc::server::handlers

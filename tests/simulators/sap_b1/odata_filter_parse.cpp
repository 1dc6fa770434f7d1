// The $filter lexer and recursive-descent parser (precedence: not > comparison > and > or).
#include "tests/simulators/sap_b1/odata_filter.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <utility>

namespace mlc::sim::sap {

namespace {

struct token {
    enum class kind { identifier, string, number, date, lparen, rparen, comma, end };
    kind type = kind::end;
    std::string text;
    std::size_t position = 0;
    std::string raw;  // literals: as written
};

bool identifier_char(char c) noexcept {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '/';
}

class lexer {
public:
    explicit lexer(std::string_view text) : text_(text) {}

    token next() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
        token t;
        t.position = pos_;
        if (pos_ >= text_.size()) return t;
        char c = text_[pos_];
        if (c == '(') return ++pos_, token{token::kind::lparen, "(", t.position};
        if (c == ')') return ++pos_, token{token::kind::rparen, ")", t.position};
        if (c == ',') return ++pos_, token{token::kind::comma, ",", t.position};
        if (c == '\'') return string_literal(t.position);
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') return number_or_date(t.position);
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t start = pos_;
            while (pos_ < text_.size() && identifier_char(text_[pos_])) ++pos_;
            std::string word(text_.substr(start, pos_ - start));
            // A typed literal: datetime'2014-04-23', SAPB1.BoYesNoEnum'tYES'. The type only informs the
            // server.
            if (pos_ < text_.size() && text_[pos_] == '\'') return string_literal(t.position, start);
            return {token::kind::identifier, std::move(word), t.position};
        }
        throw odata_syntax_error("Invalid character '" + std::string(1, c) + "' in $filter at position " +
                                 std::to_string(pos_));
    }

private:
    // `raw_start`: where the literal's type name began (datetime'..'), else its opening quote.
    token string_literal(std::size_t start, std::size_t raw_start = std::string_view::npos) {
        if (raw_start == std::string_view::npos) raw_start = pos_;
        ++pos_;  // opening quote
        std::string value;
        for (;;) {
            if (pos_ >= text_.size())
                throw odata_syntax_error("Unterminated string literal in $filter at position " +
                                         std::to_string(start));
            char c = text_[pos_++];
            if (c != '\'') {
                value += c;
            } else if (pos_ < text_.size() && text_[pos_] == '\'') {
                value += '\'';  // '' is an escaped quote
                ++pos_;
            } else {
                break;
            }
        }
        return {token::kind::string, std::move(value), start,
                std::string(text_.substr(raw_start, pos_ - raw_start))};
    }

    token number_or_date(std::size_t start) {
        std::size_t end = pos_ + 1;
        while (end < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '.' ||
                text_[end] == ':' || text_[end] == '-' || text_[end] == '+'))
            ++end;
        std::string word(text_.substr(pos_, end - pos_));
        pos_ = end;
        // OData number suffixes: 12.5M (decimal), 3L (long), 1.5d (double).
        std::string digits = word;
        if (!digits.empty() && std::string_view("MmLlDdFf").find(digits.back()) != std::string_view::npos)
            digits.pop_back();
        double value = 0;
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec == std::errc() && ptr == digits.data() + digits.size() && !digits.empty())
            return {token::kind::number, std::move(digits), start, word};
        if (word.find('-') != std::string::npos || word.find(':') != std::string::npos)
            return {token::kind::date, word, start, word};
        throw odata_syntax_error("Invalid literal '" + word + "' in $filter");
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

std::optional<compare_op> comparison(std::string_view word) noexcept {
    if (word == "eq") return compare_op::eq;
    if (word == "ne") return compare_op::ne;
    if (word == "gt") return compare_op::gt;
    if (word == "ge") return compare_op::ge;
    if (word == "lt") return compare_op::lt;
    if (word == "le") return compare_op::le;
    return std::nullopt;
}

bool is_function(std::string_view word) noexcept {
    return word == "startswith" || word == "endswith" || word == "contains" || word == "substringof";
}

class parser {
public:
    parser(std::string_view text, std::set<std::string>& properties,
           std::vector<odata_filter::compared_literal>& literals)
        : lex_(text), properties_(properties), literals_(literals) {
        advance();
    }

    std::unique_ptr<filter_node> parse_all() {
        auto root = parse_or();
        if (current_.type != token::kind::end) fail("Unexpected '" + current_.text + "'");
        return root;
    }

private:
    void advance() { current_ = lex_.next(); }

    [[noreturn]] void fail(const std::string& what) const {
        throw odata_syntax_error(what + " in $filter at position " + std::to_string(current_.position));
    }

    bool keyword(std::string_view word) const {
        return current_.type == token::kind::identifier && current_.text == word;
    }

    void expect(token::kind k, std::string_view what) {
        if (current_.type != k) fail("Expected " + std::string(what));
        advance();
    }

    static std::unique_ptr<filter_node> binary(filter_node::kind k, std::unique_ptr<filter_node> l,
                                               std::unique_ptr<filter_node> r) {
        auto n = std::make_unique<filter_node>();
        n->type = k;
        n->left = std::move(l);
        n->right = std::move(r);
        return n;
    }

    std::unique_ptr<filter_node> parse_or() {
        auto left = parse_and();
        while (keyword("or")) {
            advance();
            left = binary(filter_node::kind::or_, std::move(left), parse_and());
        }
        return left;
    }

    std::unique_ptr<filter_node> parse_and() {
        auto left = parse_unary();
        while (keyword("and")) {
            advance();
            left = binary(filter_node::kind::and_, std::move(left), parse_unary());
        }
        return left;
    }

    std::unique_ptr<filter_node> parse_unary() {
        if (keyword("not")) {
            advance();
            return binary(filter_node::kind::not_, parse_unary(), nullptr);
        }
        if (current_.type == token::kind::lparen) {
            advance();
            auto inner = parse_or();
            expect(token::kind::rparen, "')'");
            return inner;
        }
        if (current_.type == token::kind::identifier && is_function(current_.text)) return parse_function();
        return parse_comparison();
    }

    std::unique_ptr<filter_node> parse_function() {
        auto n = std::make_unique<filter_node>();
        n->type = filter_node::kind::function;
        n->function = current_.text;
        advance();
        expect(token::kind::lparen, "'(' after " + n->function);
        n->args.push_back(parse_operand());
        expect(token::kind::comma, "',' between the arguments of " + n->function);
        n->args.push_back(parse_operand());
        expect(token::kind::rparen, "')' after the arguments of " + n->function);
        // `startswith(CardCode,'C') eq true` is the same as the bare call; `eq false` negates it.
        if (current_.type == token::kind::identifier) {
            if (auto op = comparison(current_.text)) {
                if (*op != compare_op::eq && *op != compare_op::ne)
                    fail("A function can only be compared with eq or ne");
                advance();
                operand rhs = parse_operand();
                if (rhs.type != operand::kind::boolean)
                    fail("A function can only be compared with true or false");
                if (rhs.boolean != (*op == compare_op::eq))
                    return binary(filter_node::kind::not_, std::move(n), nullptr);
            }
        }
        return n;
    }

    std::unique_ptr<filter_node> parse_comparison() {
        auto n = std::make_unique<filter_node>();
        n->type = filter_node::kind::compare;
        n->args.push_back(parse_operand());
        std::optional<compare_op> op =
            current_.type == token::kind::identifier ? comparison(current_.text) : std::nullopt;
        if (!op) fail("Expected a comparison operator (eq, ne, gt, ge, lt, le)");
        n->op = *op;
        advance();
        n->args.push_back(parse_operand());
        const auto& a = n->args[0];
        const auto& b = n->args[1];
        auto literal = [](const operand& o) {
            return o.type == operand::kind::string || o.type == operand::kind::number;
        };
        if (a.type == operand::kind::property && literal(b))
            literals_.push_back({a.text, b.raw});
        else if (b.type == operand::kind::property && literal(a))
            literals_.push_back({b.text, a.raw});
        return n;
    }

    operand parse_operand() {
        operand o;
        switch (current_.type) {
            case token::kind::string:
            case token::kind::date:
                o.type = operand::kind::string;
                o.text = current_.text;
                o.raw = current_.raw;
                break;
            case token::kind::number:
                o.type = operand::kind::number;
                o.text = current_.text;
                o.raw = current_.raw;
                std::from_chars(o.text.data(), o.text.data() + o.text.size(), o.number);
                break;
            case token::kind::identifier:
                if (current_.text == "null") {
                    o.type = operand::kind::null;
                } else if (current_.text == "true" || current_.text == "false") {
                    o.type = operand::kind::boolean;
                    o.boolean = current_.text == "true";
                } else if (comparison(current_.text) || current_.text == "and" || current_.text == "or" ||
                           current_.text == "not" || is_function(current_.text)) {
                    fail("Expected a property or a literal, found '" + current_.text + "'");
                } else {
                    // Arithmetic and navigation are not supported outside $crossjoin: a path is not a
                    // property.
                    if (current_.text.find('/') != std::string::npos ||
                        current_.text.find('.') != std::string::npos)
                        fail("Property '" + current_.text + "' is not supported");
                    o.type = operand::kind::property;
                    o.text = current_.text;
                    properties_.insert(o.text);
                }
                break;
            default:
                fail("Expected a property or a literal");
        }
        advance();
        return o;
    }

    lexer lex_;
    token current_;
    std::set<std::string>& properties_;
    std::vector<odata_filter::compared_literal>& literals_;
};

}  // namespace

odata_filter odata_filter::parse(std::string_view text) {
    odata_filter f;
    parser p(text, f.properties_, f.literals_);
    f.root_ = p.parse_all();
    return f;
}

}  // namespace mlc::sim::sap

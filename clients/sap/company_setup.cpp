// Reads Warehouses and ApprovalTemplates for `ml-connector check`.
#include "clients/sap/company_setup.hpp"

#include "clients/sap/odata_query.hpp"
#include "common/json_fields.hpp"

#include <boost/json/object.hpp>

#include <optional>

namespace mlc::clients::sap {

namespace {

namespace jf = json_fields;

// Reads every row of `set` with `parse`; one it cannot read fails the whole read.
template <class T, class Parse>
boost::asio::awaitable<outcome<std::vector<T>>> read_rows(client& c, std::string operation, std::string set,
                                                          odata_query q, Parse parse) {
    auto rows = co_await c.read_all(std::move(operation), "/" + set + q.to_string());
    if (!rows) co_return rows.error();
    std::vector<T> out;
    for (const auto& row : *rows) {
        std::optional<T> v;
        if (const auto* o = row.if_object()) v = parse(*o);
        if (!v) co_return error{error_kind::bad_response, 200, {}, "an unreadable row in /" + set};
        out.push_back(std::move(*v));
    }
    co_return out;
}

std::optional<warehouse> parse_warehouse(const boost::json::object& o) {
    warehouse w{jf::text(o, "WarehouseCode"), jf::text(o, "WarehouseName"), jf::yes(o, "Inactive")};
    if (w.code.empty()) return std::nullopt;
    return w;
}

std::optional<approval_template> parse_template(const boost::json::object& o) {
    auto code = jf::integer(o, "Code");
    if (!code) return std::nullopt;
    approval_template t{*code, jf::text(o, "Name"), jf::yes(o, "IsActive"), {}};
    if (const auto* docs = o.if_contains("ApprovalTemplateDocuments"); docs && docs->is_array())
        for (const auto& d : docs->get_array())
            if (const auto* doc = d.if_object()) t.document_types.push_back(jf::text(*doc, "DocumentType"));
    return t;
}

}  // namespace

boost::asio::awaitable<outcome<std::vector<warehouse>>> warehouses(client& c) {
    odata_query q;
    q.select({"WarehouseCode", "WarehouseName", "Inactive"}).orderby("WarehouseCode asc");
    co_return co_await read_rows<warehouse>(c, "warehouses", "Warehouses", std::move(q), parse_warehouse);
}

boost::asio::awaitable<outcome<std::vector<approval_template>>> approval_templates(client& c) {
    odata_query q;
    q.select({"Code", "Name", "IsActive", "ApprovalTemplateDocuments"}).orderby("Code asc");
    co_return co_await read_rows<approval_template>(c, "approval_templates", "ApprovalTemplates",
                                                    std::move(q), parse_template);
}

}  // namespace mlc::clients::sap

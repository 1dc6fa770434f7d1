// The $metadata document: the Document and DocumentLine types, BatchNumber, and the entity container.
#include "tests/simulators/sap_b1/metadata.hpp"

#include "tests/simulators/sap_b1/user_fields.hpp"

#include <boost/beast/http/field.hpp>

#include <string>
#include <string_view>

namespace mlc::sim::sap {

namespace {

namespace bhttp = boost::beast::http;

struct property {
    std::string_view name;
    std::string_view type;  // v4 spelling; dates become Edm.DateTime in v3
};

constexpr property document_properties[] = {{"DocEntry", "Edm.Int32"},
                                            {"DocNum", "Edm.Int32"},
                                            {"Series", "Edm.Int32"},
                                            {"DocDate", "Edm.DateTimeOffset"},
                                            {"DocDueDate", "Edm.DateTimeOffset"},
                                            {"CardCode", "Edm.String"},
                                            {"CardName", "Edm.String"},
                                            {"NumAtCard", "Edm.String"},
                                            {"DocTotal", "Edm.Double"},
                                            {"Comments", "Edm.String"},
                                            {"TransportationCode", "Edm.Int32"},
                                            {"TrackingNumber", "Edm.String"},
                                            {"UpdateDate", "Edm.DateTimeOffset"},
                                            {"UpdateTime", "Edm.TimeOfDay"},
                                            {"DocumentStatus", "SAPB1.BoStatus"},
                                            {"Cancelled", "SAPB1.BoYesNoEnum"}};

constexpr property line_properties[] = {
    {"LineNum", "Edm.Int32"},        {"ItemCode", "Edm.String"},
    {"Quantity", "Edm.Double"},      {"RemainingOpenQuantity", "Edm.Double"},
    {"WarehouseCode", "Edm.String"}, {"BaseType", "Edm.Int32"},
    {"BaseEntry", "Edm.Int32"},      {"BaseLine", "Edm.Int32"},
    {"LineStatus", "SAPB1.BoStatus"}};

constexpr property batch_properties[] = {{"BatchNumber", "Edm.String"},
                                         {"Quantity", "Edm.Double"},
                                         {"BaseLineNumber", "Edm.Int32"},
                                         {"ExpiryDate", "Edm.DateTimeOffset"}};

constexpr std::string_view entity_sets[] = {"Orders", "DeliveryNotes", "Drafts"};

std::string type_name(std::string_view type, api_version version) {
    if (version == api_version::v1 && (type == "Edm.DateTimeOffset" || type == "Edm.TimeOfDay"))
        return "Edm.DateTime";
    return std::string(type);
}

std::string property_xml(std::string_view name, std::string_view type, api_version version) {
    return "<Property Name=\"" + std::string(name) + "\" Type=\"" + type_name(type, version) + "\"/>";
}

// The U_ fields of `table` as properties (strings, as db_Alpha; dates and numbers typed).
std::string user_field_xml(const store& s, std::string_view table, api_version version) {
    std::string out;
    for (const auto& [key, row] : s.user_fields) {
        if (key.first != table) continue;
        std::string_view type = row.at("Type").as_string();
        std::string_view edm = type == "db_Date"      ? "Edm.DateTimeOffset"
                               : type == "db_Numeric" ? "Edm.Int32"
                               : type == "db_Float"   ? "Edm.Double"
                                                      : "Edm.String";
        out += property_xml("U_" + std::string(row.at("Name").as_string()), edm, version);
    }
    return out;
}

std::string schema_xml(const store& s, api_version version) {
    std::string x =
        "<EnumType Name=\"BoYesNoEnum\"><Member Name=\"tNO\" Value=\"0\"/>"
        "<Member Name=\"tYES\" Value=\"1\"/></EnumType>"
        "<EnumType Name=\"BoStatus\"><Member Name=\"bost_Open\" Value=\"0\"/>"
        "<Member Name=\"bost_Close\" Value=\"1\"/></EnumType>";
    x += "<ComplexType Name=\"BatchNumber\">";
    for (const auto& p : batch_properties) x += property_xml(p.name, p.type, version);
    x += "</ComplexType><ComplexType Name=\"DocumentLine\">";
    for (const auto& p : line_properties) x += property_xml(p.name, p.type, version);
    // WCF forbids a property named like its type's collection, hence BatchNumberProperty (reference §7.4).
    x += property_xml(s.rules.batch_number_property ? "BatchNumberProperty" : "BatchNumbers",
                      "Collection(SAPB1.BatchNumber)", version);
    x += user_field_xml(s, line_table("Orders"), version);
    x += "</ComplexType><EntityType Name=\"Document\"><Key><PropertyRef Name=\"DocEntry\"/></Key>";
    for (const auto& p : document_properties) x += property_xml(p.name, p.type, version);
    x += property_xml("DocumentLines", "Collection(SAPB1.DocumentLine)", version);
    x += user_field_xml(s, header_table("Orders"), version);
    x += "</EntityType>";
    return x;
}

std::string container_xml(api_version version) {
    std::string x = version == api_version::v1
                        ? "<EntityContainer Name=\"ServiceLayer\" m:IsDefaultEntityContainer=\"true\">"
                        : "<EntityContainer Name=\"ServiceLayer\">";
    for (std::string_view set : entity_sets)
        x += "<EntitySet Name=\"" + std::string(set) + "\" EntityType=\"SAPB1.Document\"/>";
    return x + "</EntityContainer>";
}

}  // namespace

response metadata_response(const store& s, api_version version) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    if (version == api_version::v1) {
        xml +=
            "<edmx:Edmx Version=\"1.0\" xmlns:edmx=\"http://schemas.microsoft.com/ado/2007/06/edmx\">"
            "<edmx:DataServices m:DataServiceVersion=\"3.0\" m:MaxDataServiceVersion=\"3.0\" "
            "xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\">"
            "<Schema Namespace=\"SAPB1\" xmlns=\"http://schemas.microsoft.com/ado/2009/11/edm\">";
    } else {
        xml +=
            "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">"
            "<edmx:DataServices><Schema Namespace=\"SAPB1\" "
            "xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">";
    }
    xml += schema_xml(s, version) + container_xml(version) + "</Schema></edmx:DataServices></edmx:Edmx>\n";
    response res{bhttp::status::ok, 11};
    res.set(bhttp::field::content_type, "application/xml");
    res.body() = std::move(xml);
    res.prepare_payload();
    return res;
}

}  // namespace mlc::sim::sap

// Property lists of Document, DocumentLine, Item, BusinessPartner, ShippingType, BatchNumberDetail,
// SQLQuery, WeightMeasure, LengthMeasure, BinLocation and UserFieldMD.
#include "tests/simulators/sap_b1/schema.hpp"

#include <algorithm>
#include <span>

namespace mlc::sim::sap {

namespace {

using names = std::span<const std::string_view>;

constexpr std::string_view document[] = {"DocEntry",
                                         "DocNum",
                                         "Series",
                                         "DocType",
                                         "DocObjectCode",
                                         "DocDate",
                                         "DocDueDate",
                                         "TaxDate",
                                         "CreationDate",
                                         "UpdateDate",
                                         "DocTime",
                                         "UpdateTime",
                                         "CardCode",
                                         "CardName",
                                         "NumAtCard",
                                         "DocTotal",
                                         "VatSum",
                                         "TotalDiscount",
                                         "DiscountPercent",
                                         "DocCurrency",
                                         "DocRate",
                                         "Comments",
                                         "DocumentStatus",
                                         "Cancelled",
                                         "CancelStatus",
                                         "CancelDate",
                                         "Confirmed",
                                         "TransportationCode",
                                         "TrackingNumber",
                                         "ShipToCode",
                                         "PayToCode",
                                         "Address",
                                         "Address2",
                                         "AddressExtension",
                                         "SalesPersonCode",
                                         "ContactPersonCode",
                                         "DocumentsOwner",
                                         "PartialSupply",
                                         "ClosingDate",
                                         "WareHouseUpdateType",
                                         "AuthorizationStatus",
                                         "DocumentLines",
                                         "JournalMemo"};

constexpr std::string_view line[] = {"LineNum",
                                     "VisualOrder",
                                     "ItemCode",
                                     "ItemDescription",
                                     "Quantity",
                                     "InventoryQuantity",
                                     "RemainingOpenQuantity",
                                     "RemainingOpenInventoryQuantity",
                                     "Price",
                                     "UnitPrice",
                                     "PriceAfterVAT",
                                     "DiscountPercent",
                                     "LineTotal",
                                     "TaxTotal",
                                     "GrossTotal",
                                     "OpenAmount",
                                     "Currency",
                                     "Rate",
                                     "WarehouseCode",
                                     "LineStatus",
                                     "ShipDate",
                                     "ActualDeliveryDate",
                                     "BarCode",
                                     "UoMEntry",
                                     "UoMCode",
                                     "TaxCode",
                                     "VatGroup",
                                     "BaseType",
                                     "BaseEntry",
                                     "BaseLine",
                                     "ShipToCode",
                                     "ShipToDescription",
                                     "ShippingMethod",
                                     "FreeText",
                                     "Text",
                                     "ItemDetails",
                                     "PickStatus",
                                     "PickStatusEx",
                                     "PickQuantity",
                                     "BatchNumbers",
                                     "SerialNumbers",
                                     "DocumentLinesBinAllocations"};

constexpr std::string_view item[] = {"ItemCode",
                                     "ItemName",
                                     "ForeignName",
                                     "BarCode",
                                     "ItemBarCodeCollection",
                                     "ItemsGroupCode",
                                     "QuantityOnStock",
                                     "QuantityOrderedByCustomers",
                                     "QuantityOrderedFromVendors",
                                     "ItemWarehouseInfoCollection",
                                     "ItemPrices",
                                     "SalesUnit",
                                     "SalesItemsPerUnit",
                                     "SalesUnitWeight",
                                     "SalesWeightUnit",
                                     "SalesUnitLength",
                                     "SalesUnitWidth",
                                     "SalesUnitHeight",
                                     "SalesUnitVolume",
                                     "SalesLengthUnit",
                                     "SalesWidthUnit",
                                     "SalesHeightUnit",
                                     "SalesVolumeUnit",
                                     "ItemCountryOrg",
                                     "InventoryItem",
                                     "SalesItem",
                                     "PurchaseItem",
                                     "Valid",
                                     "ValidFrom",
                                     "ValidTo",
                                     "Frozen",
                                     "FrozenFrom",
                                     "FrozenTo",
                                     "ManageBatchNumbers",
                                     "ManageSerialNumbers",
                                     "ManageStockByWarehouse",
                                     "DefaultWarehouse",
                                     "UoMGroupEntry",
                                     "InventoryUOM",
                                     "DefaultSalesUoMEntry",
                                     "UpdateDate",
                                     "UpdateTime",
                                     "CreateDate"};

constexpr std::string_view partner[] = {"CardCode",         "CardName",      "CardForeignName",
                                        "CardType",         "EmailAddress",  "Phone1",
                                        "Phone2",           "Cellular",      "Fax",
                                        "ShipToDefault",    "BilltoDefault", "BPAddresses",
                                        "ContactEmployees", "ShippingType",  "Valid",
                                        "Frozen",           "Currency",      "PriceListNum",
                                        "PayTermsGrpCode",  "UpdateDate",    "UpdateTime",
                                        "CreateDate"};

constexpr std::string_view shipping_type[] = {"Code", "Name", "Website"};

constexpr std::string_view batch_detail[] = {
    "DocEntry",        "ItemCode",      "ItemDescription",   "Status",         "Batch",   "BatchAttribute1",
    "BatchAttribute2", "AdmissionDate", "ManufacturingDate", "ExpirationDate", "Details", "SystemNumber"};

constexpr std::string_view sql_query[] = {"SqlCode",   "SqlName",    "SqlText",
                                          "ParamList", "CreateDate", "UpdateDate"};

constexpr std::string_view weight_measure[] = {"UnitCode", "UnitDisplay", "UnitName", "UnitWeightinmg"};

constexpr std::string_view length_measure[] = {"UnitCode", "UnitDisplay", "UnitName",
                                               "UnitCodeforQuantityDisplay", "UnitLengthinmm"};

constexpr std::string_view user_field_md[] = {"TableName", "FieldID",      "Name",        "Type",
                                              "Size",      "Description",  "SubType",     "EditSize",
                                              "Mandatory", "DefaultValue", "LinkedTable", "ValidValuesMD"};

constexpr std::string_view bin_location[] = {"AbsEntry",  "BinCode",   "Warehouse", "Sublevel1", "Sublevel2",
                                             "Sublevel3", "Sublevel4", "Inactive",  "BarCode"};

constexpr std::string_view warehouse[] = {"WarehouseCode", "WarehouseName", "Inactive",
                                          "Street",        "City",          "ZipCode",
                                          "Country",       "State",         "EnableBinLocations"};

constexpr std::string_view approval_template[] = {"Code",
                                                  "Name",
                                                  "Remarks",
                                                  "UseTerms",
                                                  "IsActive",
                                                  "ApprovalTemplateUsers",
                                                  "ApprovalTemplateStages",
                                                  "ApprovalTemplateDocuments",
                                                  "ApprovalTemplateTerms",
                                                  "ApprovalTemplateQueries"};

bool contains(names list, std::string_view name) noexcept {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

bool known_property(std::string_view set, std::string_view property) noexcept {
    if (property.starts_with("U_")) return true;
    if (set == "Orders" || set == "DeliveryNotes" || set == "Drafts") return contains(document, property);
    if (set == "Items") return contains(item, property);
    if (set == "BusinessPartners") return contains(partner, property);
    if (set == "ShippingTypes") return contains(shipping_type, property);
    if (set == "BatchNumberDetails") return contains(batch_detail, property);
    if (set == "SQLQueries") return contains(sql_query, property);
    if (set == "WeightMeasures") return contains(weight_measure, property);
    if (set == "LengthMeasures") return contains(length_measure, property);
    if (set == "BinLocations") return contains(bin_location, property);
    if (set == "Warehouses") return contains(warehouse, property);
    if (set == "ApprovalTemplates") return contains(approval_template, property);
    if (set == "UserFieldsMD") return contains(user_field_md, property);
    return false;
}

bool known_line_property(std::string_view property) noexcept {
    return property.starts_with("U_") || contains(line, property);
}

}  // namespace mlc::sim::sap

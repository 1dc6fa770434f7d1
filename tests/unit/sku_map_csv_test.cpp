// Unit tests for reading the SKU map's CSV import.
#include "server/handlers/sku_map_csv.hpp"

#include <gtest/gtest.h>

namespace mlc::server::handlers {
namespace {

// The error of reading `text`, or "" when it reads.
std::string error_of(std::string_view text) {
    auto rows = read_sku_map_csv(text);
    return rows ? std::string() : rows.error();
}

TEST(sku_map_csv, reads_columns_in_any_order_with_quotes_crlf_a_bom_and_blank_lines) {
    auto rows = read_sku_map_csv(
        "\xEF\xBB\xBFNote, SKU ,Item_Code,preferred\r\n"
        "\"channel, \"\"blue\"\"\",CH-1, A1 ,yes\r\n"
        "\r\n"
        ",\"CH 2/x\",A1,\r\n"
        "\"two\nlines\",CH-3,B2,FALSE");
    ASSERT_TRUE(rows) << rows.error();
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[0].sku, "CH-1");
    EXPECT_EQ((*rows)[0].item_code, "A1");
    EXPECT_TRUE((*rows)[0].preferred);
    EXPECT_EQ((*rows)[0].note, "channel, \"blue\"");
    EXPECT_EQ((*rows)[0].line, 2u);
    EXPECT_EQ((*rows)[1].sku, "CH 2/x");
    EXPECT_FALSE((*rows)[1].preferred);
    EXPECT_EQ((*rows)[1].note, "");
    EXPECT_EQ((*rows)[1].line, 4u);
    EXPECT_EQ((*rows)[2].note, "two\nlines");
    EXPECT_EQ((*rows)[2].line, 5u);
}

TEST(sku_map_csv, two_columns_are_enough_and_a_header_alone_is_an_empty_import) {
    auto rows = read_sku_map_csv("sku,item_code\nS1,A1\nS2,A1\n");
    ASSERT_TRUE(rows) << rows.error();
    EXPECT_EQ(rows->size(), 2u);
    auto none = read_sku_map_csv("sku,item_code\n");
    ASSERT_TRUE(none) << none.error();
    EXPECT_TRUE(none->empty());
}

TEST(sku_map_csv, a_bad_header_is_refused) {
    EXPECT_NE(error_of("").find("empty"), std::string::npos);
    EXPECT_EQ(error_of("sku,itemcode\nS1,A1"),
              "line 1: unknown column 'itemcode' (the header names sku, item_code and optionally preferred, "
              "note)");
    EXPECT_EQ(error_of("sku,note\nS1,x"), "line 1: the header must name the columns sku and item_code");
    EXPECT_EQ(error_of("sku,item_code,SKU\n"), "line 1: column 'sku' appears twice");
}

TEST(sku_map_csv, errors_name_the_line) {
    EXPECT_EQ(error_of("sku,item_code\nS1,A1\n\nS2\n"), "line 4: 1 values where the header names 2");
    EXPECT_EQ(error_of("sku,item_code\nS1,A1\nS2,\n"), "line 3: the ItemCode is empty");
    EXPECT_EQ(error_of("sku,item_code,preferred\nS1,A1,maybe\n"),
              "line 2: preferred is 'maybe' (use true or false)");
    EXPECT_EQ(error_of("sku,item_code\nS1,A1\n\"S2,A1\n"), "line 3: a quoted value is not closed");
    EXPECT_EQ(error_of("sku,item_code\nS\"1,A1\n"),
              "line 2: a quote inside an unquoted value (quote the whole value)");
    EXPECT_EQ(error_of("sku,item_code\n\"S1\"x,A1\n"),
              "line 2: text after a closing quote (a quote inside a value is written \"\")");
}

TEST(sku_map_csv, a_sku_twice_or_two_preferred_skus_of_one_item_are_refused) {
    EXPECT_EQ(error_of("sku,item_code\nS1,A1\nS2,A1\nS1,B2\n"), "line 4: SKU 'S1' is already on line 2");
    EXPECT_EQ(error_of("sku,item_code,preferred\nS1,A1,1\nS2,B2,1\nS3,A1,true\n"),
              "line 4: ItemCode 'A1' already has its preferred SKU on line 2 (one per item)");
}

TEST(sku_map_csv, codes_are_checked_for_length_and_text) {
    const std::string sku100(max_sku_length, 'S');
    const std::string code50(max_item_code_length, 'A');
    EXPECT_EQ(error_of("sku,item_code\n" + sku100 + "," + code50 + "\n"), "");
    EXPECT_NE(error_of("sku,item_code\n" + sku100 + "S,A1\n").find("line 2: SKU 'SSSS"), std::string::npos);
    EXPECT_NE(error_of("sku,item_code\nS1," + code50 + "A\n").find("longer than 50 characters"),
              std::string::npos);
    // 100 characters of two bytes each are 100 characters.
    std::string wide;
    for (std::size_t i = 0; i < max_sku_length; ++i) wide += "\xC3\xA9";
    EXPECT_EQ(error_of("sku,item_code\n" + wide + ",A1\n"), "");
    EXPECT_EQ(error_of("sku,item_code\nS\xC3,A1\n"), "line 2: the SKU is not UTF-8 text");
    EXPECT_EQ(error_of("sku,item_code\n\"S\x01\",A1\n"), "line 2: SKU 'S\x01' holds a control character");
}

TEST(sku_map_csv, invalid_code_refuses_spaces_at_the_ends) {
    EXPECT_EQ(invalid_code("SKU", " S1", 100), "SKU ' S1' begins or ends with a space");
    EXPECT_FALSE(invalid_code("SKU", "S 1", 100));
}

}  // namespace
}  // namespace mlc::server::handlers

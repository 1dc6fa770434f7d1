// Unit tests for the settings table: names, paths and defaults agree with app_config.
#include "common/settings.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mlc {
namespace {

TEST(settings, names_and_paths_are_unique_and_well_formed) {
    std::set<std::string_view> names, paths;
    for (const auto& s : all_settings()) {
        EXPECT_TRUE(s.env_name.starts_with("MLC_")) << s.env_name;
        EXPECT_TRUE(names.insert(s.env_name).second) << s.env_name;
        if (!s.yaml_path.empty()) {
            EXPECT_TRUE(paths.insert(s.yaml_path).second) << s.yaml_path;
        }
        EXPECT_FALSE(s.description.empty()) << s.env_name;
        EXPECT_NE(s.apply, nullptr);
        EXPECT_NE(s.show, nullptr);
        EXPECT_EQ(find_setting(s.env_name), &s);
    }
    EXPECT_EQ(find_setting("MLC_NOPE"), nullptr);
}

TEST(settings, default_text_is_what_a_default_config_shows) {
    const app_config defaults;
    for (const auto& s : all_settings()) EXPECT_EQ(s.show(defaults), s.default_text) << s.env_name;
}

TEST(settings, show_gives_back_what_apply_accepted) {
    for (auto [name, text] :
         {std::pair{"MLC_LISTEN", "[::1]:9000"}, std::pair{"MLC_HTTP_BODY_LIMIT", "64KiB"},
          std::pair{"MLC_POLL_INTERVAL", "1m30s"}, std::pair{"MLC_LOG_LEVEL", "warn"},
          std::pair{"MLC_SHIPSTATION_STORE_ID", "42"}, std::pair{"MLC_SAP_TLS_VERIFY", "false"},
          std::pair{"MLC_BATCH_RULE", "fifo"}, std::pair{"MLC_SERIAL_OPTIONS", "IMEI,Serial No"},
          std::pair{"MLC_ORDER_NUMBER_SERIES_PREFIX", "true"}, std::pair{"MLC_WEIGHT_UNITS", "grams"},
          std::pair{"MLC_DIMENSION_UNITS", "centimeters"}, std::pair{"MLC_PRODUCT_SYNC_SHARE", "10"},
          std::pair{"MLC_INVENTORY_QUANTITY", "in_stock"},
          std::pair{"MLC_INVENTORY_LOCATION_MAP", "01=se-4567,02=se-4568"},
          std::pair{"MLC_SKU_FIELD", "U_SKU"}, std::pair{"MLC_INVENTORY_INTERVAL", "5m"}}) {
        const setting_spec* spec = find_setting(name);
        ASSERT_NE(spec, nullptr) << name;
        app_config config;
        ASSERT_TRUE(spec->apply(config, text).has_value()) << name;
        EXPECT_EQ(spec->show(config), text) << name;
    }
}

TEST(settings, the_order_number_series_prefix_is_off_by_default_and_takes_a_boolean) {
    const setting_spec* spec = find_setting("MLC_ORDER_NUMBER_SERIES_PREFIX");
    ASSERT_NE(spec, nullptr);
    EXPECT_FALSE(app_config{}.orders.number_series_prefix);
    for (auto [text, value] : {std::pair{"yes", true}, std::pair{"1", true}, std::pair{"false", false}}) {
        app_config config;
        ASSERT_TRUE(spec->apply(config, text).has_value()) << text;
        EXPECT_EQ(config.orders.number_series_prefix, value) << text;
    }
    for (auto text : {"series", "2", "<Series>-<DocNum>"}) {
        app_config config;
        EXPECT_FALSE(spec->apply(config, text).has_value()) << text;
    }
}

TEST(settings, secrets_show_a_marker_never_the_value) {
    for (const auto& s : all_settings()) {
        if (!s.is_secret) continue;
        app_config config;
        ASSERT_TRUE(s.apply(config, "postgresql://u:s3cr3t-value@h/d").has_value()) << s.env_name;
        std::string shown = s.show(config);
        EXPECT_EQ(shown.find("s3cr3t-value"), std::string::npos) << s.env_name;
        EXPECT_NE(shown.find(secret::redacted), std::string::npos) << s.env_name;
    }
}

TEST(settings, inventory_and_product_settings_refuse_what_they_cannot_use) {
    for (auto [name, text] :
         {std::pair{"MLC_PRODUCT_SYNC_SHARE", "101"}, std::pair{"MLC_PRODUCT_SYNC_SHARE", "-1"},
          std::pair{"MLC_WEIGHT_UNITS", "kg"}, std::pair{"MLC_INVENTORY_QUANTITY", "committed"},
          std::pair{"MLC_INVENTORY_LOCATION_MAP", "01=se 4567"},
          std::pair{"MLC_INVENTORY_LOCATION_MAP", "01"}, std::pair{"MLC_SKU_FIELD", "U_SKU;drop"},
          std::pair{"MLC_SHIPSTATION_V2_RATE_LIMIT", "0"}}) {
        const setting_spec* spec = find_setting(name);
        ASSERT_NE(spec, nullptr) << name;
        app_config config;
        EXPECT_FALSE(spec->apply(config, text).has_value()) << name << "=" << text;
    }
}

TEST(settings, the_v2_key_is_a_secret_never_shown) {
    const setting_spec* spec = find_setting("MLC_SHIPSTATION_V2_API_KEY");
    ASSERT_NE(spec, nullptr);
    EXPECT_TRUE(spec->is_secret);
    app_config config;
    ASSERT_TRUE(spec->apply(config, "v2-key-123").has_value());
    EXPECT_EQ(config.inventory.v2_api_key.reveal(), "v2-key-123");
    EXPECT_EQ(spec->show(config).find("v2-key-123"), std::string::npos);
}

}  // namespace
}  // namespace mlc

// Unit tests for the constant-time secret comparison.
#include "common/constant_time.hpp"

#include <gtest/gtest.h>

namespace mlc {
namespace {

TEST(constant_time_equals, matches_only_the_same_bytes) {
    EXPECT_TRUE(constant_time_equals("s3cret-token", "s3cret-token"));
    EXPECT_FALSE(constant_time_equals("s3cret-tokeN", "s3cret-token"));
    EXPECT_FALSE(constant_time_equals("s3cret-token-longer", "s3cret-token"));
    EXPECT_FALSE(constant_time_equals("", "s3cret-token"));
}

TEST(constant_time_equals, an_unset_token_never_matches) {
    EXPECT_FALSE(constant_time_equals("", ""));
    EXPECT_FALSE(constant_time_equals("anything", ""));
}

}  // namespace
}  // namespace mlc

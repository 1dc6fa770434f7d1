// What the integration tests need from their environment (the PostgreSQL that .ci/run starts).
#include "tests/support/test_env.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace mlc::test {

namespace {

std::string required_env(const char* name, const char* why) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') {
        ADD_FAILURE() << name << " is not set: " << why << " (.ci/run sets it)";
        throw std::runtime_error(std::string(name) + " is not set");
    }
    return v;
}

}  // namespace

std::string test_database_url() {
    return required_env("MLC_TEST_DATABASE_URL", "integration tests need a PostgreSQL server");
}

std::string test_pg_restart_command() {
    return required_env("MLC_TEST_PG_RESTART", "the pool recovery test restarts PostgreSQL");
}

std::string source_path(const std::string& relative) {
    return std::string(MLC_SOURCE_DIR) + "/" + relative;
}

}  // namespace mlc::test

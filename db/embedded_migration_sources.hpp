// The migrations compiled into the binary (generated from migrations/*.sql by cmake/embed_migrations.cmake).
#pragma once

#include <span>
#include <string_view>

namespace mlc::db::detail {

struct embedded_migration_source {
    int version;
    std::string_view name;
    std::string_view sql;
};

// Sorted by version, contiguous from 1 (the build checks it). Never throws.
std::span<const embedded_migration_source> embedded_migration_sources() noexcept;

}  // namespace mlc::db::detail

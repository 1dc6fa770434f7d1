// One schema migration and the list compiled into this binary.
#include "db/migration.hpp"

#include "db/embedded_migration_sources.hpp"
#include "db/migration_step.hpp"
#include "db/sha256.hpp"

#include <cstdio>

namespace mlc::db {

std::string migration::file_name() const {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%04d_", version);
    return prefix + name + ".sql";
}

migration make_migration(int version, std::string name, std::string sql) {
    // The step marker is left out, so marking a migration an earlier release applied keeps its checksum.
    std::string checksum = sha256_hex(without_step_marker(sql));
    return migration{version, std::move(name), std::move(sql), std::move(checksum)};
}

const std::vector<migration>& embedded_migrations() {
    static const std::vector<migration> all = [] {
        std::vector<migration> out;
        for (const auto& source : detail::embedded_migration_sources()) {
            out.push_back(make_migration(source.version, std::string(source.name), std::string(source.sql)));
        }
        return out;
    }();
    return all;
}

}  // namespace mlc::db

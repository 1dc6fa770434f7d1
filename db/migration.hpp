// One schema migration (version, name, SQL, checksum) and the list compiled into this binary.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace mlc::db {

struct migration {
    int version = 0;       // NNNN of migrations/NNNN_name.sql
    std::string name;      // the name part, e.g. "job_queue"
    std::string sql;       // the file's exact content
    std::string checksum;  // SHA-256 hex of sql without its step marker line (db/migration_step.hpp)

    // "0002_job_queue.sql", for messages. Never throws except std::bad_alloc.
    std::string file_name() const;
};

// A migration problem that must stop the service: a checksum mismatch or an invalid migration list.
class migration_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Builds a migration with its checksum. Throws std::runtime_error if hashing fails.
migration make_migration(int version, std::string name, std::string sql);

// The migrations embedded at build time from migrations/*.sql, sorted by version (contiguous from 1).
// Built once; throws std::runtime_error on the first call if hashing fails.
const std::vector<migration>& embedded_migrations();

}  // namespace mlc::db

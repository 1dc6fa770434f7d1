// Applies and checks schema migrations: advisory-locked, one transaction per migration, checksums verified.
#include "db/migrator.hpp"

#include "db/conninfo.hpp"

#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include <cstdint>
#include <map>

namespace mlc::db {

namespace {

// applied_at is informational; name and checksum let an operator see what ran without the binary.
constexpr const char* create_table_sql =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY,"
    " name text NOT NULL,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";

struct applied_row {
    std::string name;
    std::string checksum;
};

using applied_map = std::map<int, applied_row>;

struct comparison {
    std::vector<int> pending;
    std::vector<int> mismatched;
    std::vector<int> unknown;
    std::vector<int> already;
};

void validate_order(const std::vector<migration>& migrations) {
    for (std::size_t i = 1; i < migrations.size(); ++i) {
        if (migrations[i].version <= migrations[i - 1].version) {
            throw migration_error("migration list is not strictly ascending at " + migrations[i].file_name());
        }
    }
}

applied_map read_applied(pqxx::transaction_base& t) {
    applied_map out;
    for (const auto& row : t.exec("SELECT version, name, checksum FROM schema_migrations ORDER BY version")) {
        out.emplace(row[0].as<int>(), applied_row{row[1].as<std::string>(), row[2].as<std::string>()});
    }
    return out;
}

comparison compare(const std::vector<migration>& migrations, const applied_map& applied) {
    comparison c;
    std::map<int, const migration*> known;
    for (const auto& m : migrations) {
        known.emplace(m.version, &m);
        auto it = applied.find(m.version);
        if (it == applied.end()) {
            c.pending.push_back(m.version);
        } else if (it->second.checksum != m.checksum) {
            c.mismatched.push_back(m.version);
        } else {
            c.already.push_back(m.version);
        }
    }
    for (const auto& [version, row] : applied) {
        if (known.find(version) == known.end()) c.unknown.push_back(version);
    }
    return c;
}

std::string join_versions(const std::vector<int>& versions) {
    std::string out;
    for (int v : versions) {
        if (!out.empty()) out += ", ";
        out += std::to_string(v);
    }
    return out;
}

std::string mismatch_message(const std::vector<migration>& migrations, const std::vector<int>& mismatched) {
    std::string files;
    for (const auto& m : migrations) {
        for (int v : mismatched) {
            if (m.version != v) continue;
            if (!files.empty()) files += ", ";
            files += m.file_name() + " (version " + std::to_string(v) + ")";
        }
    }
    return "checksum mismatch for applied migration " + files +
           ": the file changed after it was applied; add a new migration instead of editing an applied one";
}

// A session-level advisory lock on `conn`, released on scope exit. The key hashes the configured schema
// (or the current one when none is configured), so replicas sharing a schema serialize while tests in their
// own schemas do not. The configured name counts even before the schema exists.
class migration_lock {
public:
    migration_lock(pqxx::connection& conn, const std::string& schema) : conn_(conn) {
        pqxx::nontransaction n(conn_);
        key_ = n.exec_params1(
                    "SELECT hashtextextended('mlc.schema_migrations:' || "
                    "coalesce(nullif($1, ''), current_schema(), ''), 0)",
                    schema)[0]
                   .as<std::int64_t>();
        // Another replica may be running a long migration: wait for it rather than fail on statement_timeout.
        n.exec0("SET statement_timeout = 0");
        try {
            n.exec_params("SELECT pg_advisory_lock($1)", key_);
        } catch (...) {
            n.exec0("RESET statement_timeout");  // the pooled session must keep its bound
            throw;
        }
        n.exec0("RESET statement_timeout");
    }
    ~migration_lock() {
        try {
            pqxx::nontransaction n(conn_);
            n.exec_params("SELECT pg_advisory_unlock($1)", key_);
        } catch (...) {
            // A broken connection has released the lock with its session; nothing else can fail here.
        }
    }
    migration_lock(const migration_lock&) = delete;
    migration_lock& operator=(const migration_lock&) = delete;

private:
    pqxx::connection& conn_;
    std::int64_t key_ = 0;
};

migration_report apply_locked(pqxx::connection& conn, const std::vector<migration>& migrations,
                              const std::string& schema) {
    migration_lock lock(conn, schema);
    applied_map applied;
    {
        pqxx::work work(conn);
        // A configured schema is created on first start, so a fresh database needs no manual step; under the
        // lock, so two replicas never race on it.
        if (!schema.empty()) work.exec0("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(schema));
        work.exec0(create_table_sql);
        applied = read_applied(work);
        work.commit();
    }
    comparison c = compare(migrations, applied);
    if (!c.mismatched.empty()) throw migration_error(mismatch_message(migrations, c.mismatched));

    migration_report report;
    report.already_applied = std::move(c.already);
    report.unknown_applied = std::move(c.unknown);
    for (const auto& m : migrations) {
        if (applied.count(m.version) != 0) continue;
        pqxx::work work(conn);
        // A migration may legitimately outlast the per-statement bound meant for the service's queries.
        work.exec0("SET LOCAL statement_timeout = 0");
        work.exec(m.sql);
        work.exec_params0("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                          m.version, m.name, m.checksum);
        work.commit();
        report.applied.push_back(m.version);
    }
    return report;
}

}  // namespace

asio::awaitable<migration_report> apply_migrations(database& db, const std::vector<migration>& migrations) {
    validate_order(migrations);
    co_return co_await db.run_on_connection([&migrations, &schema = db.schema()](pqxx::connection& conn) {
        return apply_locked(conn, migrations, schema);
    });
}

asio::awaitable<migration_status> check_migrations(database& db, const std::vector<migration>& migrations) {
    co_return co_await db.run([&migrations](pqxx::work& work) {
        bool exists = work.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].as<bool>();
        comparison c = compare(migrations, exists ? read_applied(work) : applied_map{});
        migration_status status;
        status.current = c.pending.empty() && c.mismatched.empty();
        if (!c.pending.empty()) {
            status.reason =
                std::to_string(c.pending.size()) + " pending migration(s): " + join_versions(c.pending);
        }
        if (!c.mismatched.empty()) {
            if (!status.reason.empty()) status.reason += "; ";
            status.reason += "checksum mismatch for applied version(s): " + join_versions(c.mismatched);
        }
        status.pending = std::move(c.pending);
        status.mismatched = std::move(c.mismatched);
        status.unknown_applied = std::move(c.unknown);
        return status;
    });
}

}  // namespace mlc::db

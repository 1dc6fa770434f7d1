// The append-only audit log: what the connector did to or decided about an entity, and how it ended.
#pragma once

#include <boost/json/value.hpp>

#include <pqxx/transaction>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::db::audit_log {

enum class direction { inbound, outbound, internal };
enum class outcome { ok, skipped, failed, dead_letter, info };

// As stored ("inbound", "dead_letter", ...). Never throw.
std::string_view to_string(direction d) noexcept;
std::string_view to_string(outcome o) noexcept;

struct entry {
    direction dir = direction::internal;
    std::string entity_type;  // e.g. "sap_order"
    std::string entity_key;   // e.g. "Orders(412)" (an SAP order by its DocEntry)
    std::string action;       // e.g. "create_order"
    outcome result = outcome::info;
    std::optional<boost::json::value> request_summary;  // trimmed, never a secret
    std::optional<boost::json::value> response_summary;
    std::optional<std::string> error;
    std::optional<std::string> correlation_id;
    std::optional<std::int64_t> job_id;

    // For the flows' row builders: `order_row(...).with_request(summary).with_error(reason)`. Never throw
    // except std::bad_alloc.
    entry& with_request(boost::json::value v) {
        request_summary = std::move(v);
        return *this;
    }
    entry& with_response(boost::json::value v) {
        response_summary = std::move(v);
        return *this;
    }
    entry& with_error(std::optional<std::string> e) {
        error = std::move(e);
        return *this;
    }
    // The request or job the row belongs to.
    entry& correlated(std::optional<std::string> correlation,
                      std::optional<std::int64_t> job = std::nullopt) {
        correlation_id = std::move(correlation);
        job_id = job;
        return *this;
    }
};

struct record : entry {
    std::int64_t id = 0;
    std::chrono::system_clock::time_point occurred_at;
};

// Appends one row (occurred_at = the transaction's now()) and returns its id. Throws pqxx exceptions.
std::int64_t append(pqxx::work& work, const entry& e);

// Appends every entry in one statement, ids in the order given (occurred_at = the transaction's now()).
// For a flow that records many steps at once. Throws pqxx exceptions.
void append_all(pqxx::work& work, const std::vector<entry>& entries);

// The newest `limit` rows of one entity, newest first. Throws pqxx exceptions.
std::vector<record> find_by_entity(pqxx::work& work, std::string_view entity_type,
                                   std::string_view entity_key, std::size_t limit);
// The same for an entity known under several keys (one timeline, newest first). Throws pqxx exceptions.
std::vector<record> find_by_entities(pqxx::work& work, std::string_view entity_type,
                                     const std::vector<std::string>& entity_keys, std::size_t limit);

// Up to `limit` rows with this correlation id, oldest first. Throws pqxx exceptions.
std::vector<record> find_by_correlation(pqxx::work& work, std::string_view correlation_id,
                                        std::size_t limit = 1000);

struct payloads_cleared {
    std::size_t rows = 0;                          // rows whose summaries were cleared
    std::chrono::system_clock::time_point cutoff;  // rows that occurred before it were eligible
};

// Clears the request and response summaries (personal data) of up to `limit` rows that occurred more than
// `age` before the database's now(), oldest first, stamping payload_cleared_at; the rows themselves stay.
// The only change the append-only trigger allows, run through audit_log_clear_payloads() (migration 0012).
// Rows locked by a concurrent clearing are skipped. Throws pqxx exceptions.
payloads_cleared clear_payloads(pqxx::work& work, std::chrono::milliseconds age, std::size_t limit);

}  // namespace mlc::db::audit_log

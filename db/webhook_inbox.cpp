// The webhook inbox: notifications stored exactly as received before they are acknowledged, deduplicated.
#include "db/webhook_inbox.hpp"

#include "db/pg_values.hpp"
#include "db/sha256.hpp"

namespace mlc::db::webhook_inbox {

namespace {

// DO NOTHING + RETURNING yields no row on a duplicate; the lookup below then finds the first delivery. Under
// read committed a concurrent insert of the same bytes is waited for, so the lookup sees it once committed.
constexpr const char* insert_sql = R"sql(
INSERT INTO webhook_inbox (source, event_type, resource_url, payload, payload_sha256, correlation_id)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (source, payload_sha256) DO NOTHING
RETURNING id
)sql";

constexpr const char* existing_sql = "SELECT id FROM webhook_inbox WHERE source = $1 AND payload_sha256 = $2";

constexpr const char* mark_sql = R"sql(
UPDATE webhook_inbox SET
    state = $2,
    error = $3,
    attempts = attempts + CASE WHEN $2 = 'processing' THEN 1 ELSE 0 END,
    processed_at = CASE WHEN $2 IN ('processed', 'rejected') THEN now() ELSE processed_at END
WHERE id = $1
)sql";

}  // namespace

std::string_view to_string(inbox_state state) noexcept {
    switch (state) {
        case inbox_state::received:
            return "received";
        case inbox_state::processing:
            return "processing";
        case inbox_state::processed:
            return "processed";
        case inbox_state::rejected:
            return "rejected";
        case inbox_state::failed:
            return "failed";
    }
    return "received";
}

std::string truncated_text(std::string_view text, std::size_t keep_bytes) {
    if (text.size() <= keep_bytes) return std::string(text);
    std::size_t cut = keep_bytes;
    // Back to the start of a UTF-8 sequence: a continuation byte is 10xxxxxx.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "...[truncated, " + std::to_string(text.size()) +
           " bytes in all]";
}

store_result store(pqxx::work& work, std::string_view source, std::string_view event_type,
                   const std::optional<std::string>& resource_url, std::string_view raw_payload,
                   const std::optional<std::string>& correlation_id, std::size_t keep_bytes) {
    const std::string source_text(source);
    const std::string digest = sha256_hex(raw_payload);
    auto inserted =
        work.exec_params(insert_sql, source_text, std::string(event_type), detail::nullable(resource_url),
                         truncated_text(raw_payload, keep_bytes), digest, detail::nullable(correlation_id));
    if (!inserted.empty()) return {inserted[0][0].as<std::int64_t>(), false};
    return {work.exec_params1(existing_sql, source_text, digest)[0].as<std::int64_t>(), true};
}

std::optional<inbox_row> find(pqxx::work& work, std::int64_t id) {
    auto rows = work.exec_params(
        "SELECT id, source, event_type, resource_url, payload, state, attempts, error, correlation_id"
        " FROM webhook_inbox WHERE id = $1",
        id);
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    inbox_row row;
    row.id = r[0].as<std::int64_t>();
    row.source = r[1].as<std::string>();
    row.event_type = r[2].as<std::string>();
    row.resource_url = detail::optional_text(r[3]);
    row.payload = r[4].as<std::string>();
    auto state = r[5].as<std::string>();
    for (auto s : {inbox_state::received, inbox_state::processing, inbox_state::processed,
                   inbox_state::rejected, inbox_state::failed})
        if (to_string(s) == state) row.state = s;
    row.attempts = r[6].as<int>();
    row.error = detail::optional_text(r[7]);
    row.correlation_id = detail::optional_text(r[8]);
    return row;
}

bool mark(pqxx::work& work, std::int64_t id, inbox_state state, const std::optional<std::string>& error) {
    return work.exec_params0(mark_sql, id, std::string(to_string(state)), detail::nullable(error))
               .affected_rows() == 1;
}

std::size_t delete_finished(pqxx::work& work, std::chrono::milliseconds age, std::size_t limit) {
    // A bounded batch per statement keeps each transaction short on a big backlog; SKIP LOCKED lets two
    // replicas prune at once without waiting on each other.
    auto r = work.exec_params0(
        "DELETE FROM webhook_inbox WHERE id IN (SELECT id FROM webhook_inbox"
        " WHERE state IN ('processed', 'rejected') AND processed_at < now() - $1::bigint * interval '1 "
        "millisecond'"
        " ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED)",
        static_cast<std::int64_t>(age.count()), static_cast<std::int64_t>(limit));
    return static_cast<std::size_t>(r.affected_rows());
}

}  // namespace mlc::db::webhook_inbox

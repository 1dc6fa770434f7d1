// The webhook inbox: notifications stored exactly as received before they are acknowledged, deduplicated.
#pragma once

#include <pqxx/transaction>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlc::db::webhook_inbox {

enum class inbox_state { received, processing, processed, rejected, failed };

// As stored ("received", ...). Never throws.
std::string_view to_string(inbox_state state) noexcept;

struct store_result {
    std::int64_t id = 0;
    bool duplicate = false;  // the same source already delivered these exact bytes; id is that row
};

// Stores the payload (state received) unless the same bytes from the same source are already stored.
// The payload must be valid UTF-8 (PostgreSQL text). A payload longer than `keep_bytes` is stored cut (see
// truncated_text); duplicates are still found by the whole payload's digest. Throws pqxx exceptions
// (data_exception on bad UTF-8).
store_result store(pqxx::work& work, std::string_view source, std::string_view event_type,
                   const std::optional<std::string>& resource_url, std::string_view raw_payload,
                   const std::optional<std::string>& correlation_id,
                   std::size_t keep_bytes = std::string_view::npos);

// `text` when it has at most `keep_bytes` bytes; else its first `keep_bytes` bytes or fewer (never splitting
// a UTF-8 sequence) followed by "...[truncated, N bytes in all]". Throws std::bad_alloc only.
std::string truncated_text(std::string_view text, std::size_t keep_bytes);

struct inbox_row {
    std::int64_t id = 0;
    std::string source, event_type;
    std::optional<std::string> resource_url;
    std::string payload;
    inbox_state state = inbox_state::received;
    int attempts = 0;
    std::optional<std::string> error, correlation_id;
};

// The row, or nullopt. Throws pqxx exceptions.
std::optional<inbox_row> find(pqxx::work& work, std::int64_t id);

// Moves a row to `state` with `error` (cleared when nullopt). Entering processing counts an attempt;
// processed and rejected record processed_at. Returns false when no row has this id. Throws pqxx exceptions.
bool mark(pqxx::work& work, std::int64_t id, inbox_state state, const std::optional<std::string>& error);

// Deletes up to `limit` processed or rejected rows finished more than `age` ago (database time), oldest
// first; rows still to be handled are never deleted. Returns how many went. Throws pqxx exceptions.
std::size_t delete_finished(pqxx::work& work, std::chrono::milliseconds age, std::size_t limit);

}  // namespace mlc::db::webhook_inbox

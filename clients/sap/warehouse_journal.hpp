// The warehouse journal (OINM) newer than a TransNum, read through the stored query MLC_WHS_JOURNAL: how the
// connector learns of stock that moved in SAP by anything else than its own deliveries.
//
// OINM is not in Service Layer's default SQL table allowlist (reference §8.6.3): the SAP administrator adds
// it to b1s_sqltable.conf, or every call here is refused with 702 "Table 'OINM' not accessible" (then the
// connector falls back to a full stock scan). Whether TransNum always increases is not documented; the
// caller keeps its watermark at the highest TransNum seen.
#pragma once

#include "clients/sap/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::clients::sap {

// The SqlCode of the stored query.
inline constexpr std::string_view warehouse_journal_query_code = "MLC_WHS_JOURNAL";

struct journal_row {
    std::int64_t trans_num = 0;  // TransNum (OINM's key)
    std::string item_code;       // ItemCode
    std::string warehouse;       // Warehouse
    double in_qty = 0;           // InQty
    double out_qty = 0;          // OutQty
};

struct journal_page {
    std::vector<journal_row> rows;           // in TransNum order
    std::optional<std::string> next_target;  // the next page (none after the last)
};

// Makes sure the stored query (SqlCode MLC_WHS_JOURNAL, created on first use when missing) exists, then
// lists the first page of rows with TransNum > after_trans_num. Returns the page; refused with SAP's code
// ("702") when OINM is not accessible; another error otherwise (bad_response for a row without TransNum or
// ItemCode). Throws std::bad_alloc only.
boost::asio::awaitable<outcome<journal_page>> warehouse_journal(client& c, std::int64_t after_trans_num);

// The page at `next_target` (a journal_page's). Returns it or the error, as warehouse_journal(). Throws
// std::bad_alloc only.
boost::asio::awaitable<outcome<journal_page>> read_journal_page(client& c, std::string next_target);

// Where the journal ends now: its highest TransNum (0 for an empty journal), through the stored query
// MLC_WHS_JOURNAL_HEAD (created on first use), so that a first read starts there instead of reading years of
// postings. Returns it, refused (702) as warehouse_journal when OINM is not accessible, or another error.
// Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::int64_t>> journal_head(client& c);

}  // namespace mlc::clients::sap

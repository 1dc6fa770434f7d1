// Customer links: ShipStation's customerId beside the business partner it was built from
// (customerUsername = CardCode).
#pragma once

#include <pqxx/transaction>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::db::customer_links {

struct seen_customer {
    std::string card_code;  // the customer's username in ShipStation
    std::int64_t customer_id = 0;
};

// Records each customer whose username is the CardCode of an order the connector sent (customers of other
// channels are not the connector's). Returns how many links are new or changed. Throws pqxx exceptions.
std::size_t record(pqxx::work& work, std::string_view company_db, const std::vector<seen_customer>& seen);

// The customerId recorded for `card_code`, or nullopt. Throws pqxx exceptions.
std::optional<std::int64_t> find(pqxx::work& work, std::string_view company_db, std::string_view card_code);

}  // namespace mlc::db::customer_links

// Reading a whole OData collection through server-driven paging.
#include "clients/sap/collection.hpp"

#include "clients/sap/collection_page.hpp"

#include <set>

namespace mlc::clients::sap {

error repeated_link() {
    return error{error_kind::bad_response, 0, {}, "odata.nextLink names a page already read: paging stopped"};
}

boost::asio::awaitable<outcome<boost::json::array>> read_collection(session& s, std::string base_path,
                                                                    std::string target, unsigned page_size,
                                                                    std::size_t max_rows) {
    boost::json::array rows;
    std::set<std::string> read;  // a link seen before would make the walk go round for ever
    std::optional<std::string> next = std::move(target);
    while (next && rows.size() < max_rows) {
        if (!read.insert(*next).second) co_return repeated_link();
        auto page = co_await read_collection_page(s, base_path, std::move(*next), page_size);
        if (!page) co_return page.error();
        for (auto& row : page->rows) {
            if (rows.size() >= max_rows) break;
            rows.push_back(std::move(row));
        }
        next = std::move(page->next_target);
    }
    co_return rows;
}

boost::asio::awaitable<outcome<collection_page>> read_collection_page(session& s, std::string_view base_path,
                                                                      std::string target,
                                                                      unsigned page_size) {
    sap_request req;
    req.target = target;
    req.headers.set("Prefer", "odata.maxpagesize=" + std::to_string(page_size));
    auto res = co_await s.execute(std::move(req));
    if (!res) co_return res.error();
    auto page = parse_collection_page(res->body(), base_path);
    if (!page) co_return error{error_kind::bad_response, res->result_int(), {}, "not a collection page"};
    if (page->next_target == target) co_return repeated_link();
    co_return std::move(*page);
}

}  // namespace mlc::clients::sap

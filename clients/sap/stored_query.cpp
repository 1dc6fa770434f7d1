// Creating a stored SQL query when it is missing.
#include "clients/sap/stored_query.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace mlc::clients::sap {

namespace bhttp = boost::beast::http;

std::string stored_query_path(const stored_query& q) {
    return "/SQLQueries('" + std::string(q.code) + "')";
}

boost::asio::awaitable<outcome<bool>> ensure_stored_query(client& c, const stored_query& q,
                                                          missing_query when_missing) {
    const std::string operation = std::string(q.operation) + "_query";
    sap_request get;
    get.target = stored_query_path(q);
    auto found = co_await c.execute(operation, get);
    if (found) co_return false;
    if (found.error().kind != error_kind::not_found) co_return found.error();
    if (when_missing == missing_query::report)
        co_return error(error_kind::not_found, found.error().http_status, found.error().code,
                        "the stored query " + std::string(q.code) +
                            " does not exist in SAP yet (the first delivery that needs it creates it)");
    sap_request post;
    post.method = bhttp::verb::post;
    post.target = "/SQLQueries";
    post.body = boost::json::serialize(
        boost::json::object{{"SqlCode", q.code}, {"SqlName", q.name}, {"SqlText", q.sql}});
    auto created = co_await c.execute(operation, std::move(post));
    if (created) co_return true;
    // Another replica may have created it meanwhile, or the answer was lost after it was: look again.
    auto again = co_await c.execute(operation, std::move(get));
    if (again) co_return true;
    co_return created.error();
}

}  // namespace mlc::clients::sap

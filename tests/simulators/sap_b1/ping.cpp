// The ping-pong API answered by the load balancer without a session.
#include "tests/simulators/sap_b1/ping.hpp"

#include "server/http/responses.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <string>

namespace mlc::sim::sap {

server::http::handler_fn make_ping_handler() {
    return [](const server::http::request_context& ctx) -> boost::asio::awaitable<server::http::response> {
        using status = boost::beast::http::status;
        std::string sender;
        if (ctx.path == "/ping/" || ctx.path == "/ping/load-balancer")
            sender = "load balancer";
        else if (ctx.path == "/ping/node/1")
            sender = "node1";
        else
            co_return server::http::error_response(status::not_found, "not found");
        auto now = std::chrono::system_clock::now().time_since_epoch();
        double seconds =
            static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) / 1000;
        boost::json::object body{{"message", "pong"}, {"sender", sender}, {"timestamp", seconds}};
        co_return server::http::json_response(status::ok, boost::json::value(std::move(body)));
    };
}

}  // namespace mlc::sim::sap

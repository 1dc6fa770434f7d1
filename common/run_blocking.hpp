// Runs a coroutine to completion on an io_context from plain code: one-shot commands and tests.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <utility>

namespace mlc {

// Spawns `aw` on `ioc`, runs `ioc` until it has no more work, and returns the coroutine's value or
// rethrows its exception. Leaves `ioc` ready to be run again. Not for use while `ioc` is already being run
// by other threads.
template <class T>
T run_blocking(boost::asio::io_context& ioc, boost::asio::awaitable<T> aw) {
    auto result = boost::asio::co_spawn(ioc, std::move(aw), boost::asio::use_future);
    ioc.restart();
    ioc.run();
    // run() leaves the context stopped when it runs out of work; whoever runs it next expects it ready.
    ioc.restart();
    return result.get();
}

}  // namespace mlc

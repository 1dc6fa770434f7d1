// Runs a coroutine to completion inside a test and hands back its result (or rethrows its exception).
#pragma once

#include "common/run_blocking.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <utility>

namespace mlc::test {

// Spawns `aw` on `ioc`, runs `ioc` until nothing is left, returns the coroutine's value.
template <class T>
T run_coro(boost::asio::io_context& ioc, boost::asio::awaitable<T> aw) {
    return mlc::run_blocking(ioc, std::move(aw));
}

// The same with a private io_context, for coroutines that need nothing else running.
template <class T>
T run_coro(boost::asio::awaitable<T> aw) {
    boost::asio::io_context ioc;
    return mlc::run_blocking(ioc, std::move(aw));
}

}  // namespace mlc::test

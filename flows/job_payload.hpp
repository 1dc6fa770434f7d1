// Job payloads as types: each flow declares one struct per job kind with its JSON conversion
// (boost::json::value_from / value_to, written once beside the struct), and workers read them here.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>

#include <exception>
#include <optional>

namespace mlc::flows {

// The payload read as a `Job`; nullopt when it does not have the job's shape (a payload written by hand, or
// by a version that wrote another shape): the worker then ends the job with a readable reason instead of
// guessing. Never throws except std::bad_alloc.
template <class Job>
std::optional<Job> read_job(const boost::json::value& payload) {
    try {
        return boost::json::value_to<Job>(payload);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace mlc::flows

// Claimed jobs a stopping worker did not start: handed back at once instead of waiting out their leases.
#include "flows/job_handback.hpp"

#include <string>

namespace mlc::flows {

boost::asio::awaitable<std::size_t> hand_back(db::database& database, std::string_view owner,
                                              std::span<const db::job_queue::job> unstarted,
                                              const logger& log) {
    if (unstarted.empty()) co_return 0;
    auto n = co_await database.run([&](pqxx::work& w) {
        std::size_t done = 0;
        for (const auto& job : unstarted)
            if (db::job_queue::postpone(w, job.id, owner, std::chrono::milliseconds(0))) ++done;
        return done;
    });
    log.info("jobs.handed_back", {{"owner", std::string(owner)}, {"jobs", n}});
    co_return n;
}

}  // namespace mlc::flows

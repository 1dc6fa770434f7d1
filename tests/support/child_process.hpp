// Runs the ml-connector binary (or any program) as a child process in tests: environment, output, signals.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::test {

// A started child. Its stdout and stderr go to files so a test can read them while it runs.
class child_process {
public:
    // Starts `program` with `args` and exactly the variables in `env` (plus PATH). Throws on failure.
    child_process(const std::string& program, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env);
    ~child_process();  // kills the child if it still runs
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    void send_signal(int sig) const;

    // The child's process id (for /proc/<pid>/...).
    int pid() const { return pid_; }

    // Waits until the child exits or `timeout` passes; returns the exit code (128+signal when killed).
    std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

    std::string stdout_text() const;
    std::string stderr_text() const;

    // Waits until stderr contains `needle`; false after `timeout` or if the child exited first.
    bool wait_for_stderr(const std::string& needle, std::chrono::milliseconds timeout);

private:
    int pid_ = -1;
    std::optional<int> exit_code_;
    std::string out_path_;
    std::string err_path_;
};

struct process_result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a program to completion (killed after `timeout`, which fails the test) and returns its output.
process_result run_process(const std::string& program, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Waits until an `ml-connector run` child logs service.started (JSON logs) and returns the port of its
// `field` ("listen": the public listener, "management_listen": the management one); 0 when it did not start
// within `timeout` or that listener is off.
std::uint16_t wait_for_listen_port(child_process& service, std::chrono::milliseconds timeout,
                                   std::string_view field = "listen");

// The ml-connector binary under test.
std::string connector_binary();

}  // namespace mlc::test

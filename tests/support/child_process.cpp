// Runs the ml-connector binary (or any program) as a child process in tests: environment, output, signals.
#include "tests/support/child_process.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace mlc::test {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string temp_path(const char* what) {
    static std::atomic<int> counter{0};
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp != nullptr ? tmp : "/tmp") + "/mlc-test-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter++) + "." + what;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

child_process::child_process(const std::string& program, const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env)
    : out_path_(temp_path("out")), err_path_(temp_path("err")) {
    std::vector<std::string> argv_storage{program};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_storage;
    const char* path = std::getenv("PATH");
    env_storage.push_back(std::string("PATH=") + (path != nullptr ? path : "/usr/bin:/bin"));
    for (const char* keep : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "TZ"})
        if (const char* v = std::getenv(keep); v != nullptr)
            env_storage.push_back(std::string(keep) + "=" + v);
    for (const auto& [k, v] : env) env_storage.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = ::posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::system_error(rc, std::generic_category(), "posix_spawn " + program);
}

child_process::~child_process() {
    if (pid_ > 0 && !exit_code_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    ::unlink(out_path_.c_str());
    ::unlink(err_path_.c_str());
}

void child_process::send_signal(int sig) const {
    if (pid_ > 0 && !exit_code_) ::kill(pid_, sig);
}

std::optional<int> child_process::wait_for_exit(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!exit_code_) {
        int status = 0;
        pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            exit_code_ = decode_status(status);
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_code_;
}

std::string child_process::stdout_text() const {
    return read_file(out_path_);
}
std::string child_process::stderr_text() const {
    return read_file(err_path_);
}

bool child_process::wait_for_stderr(const std::string& needle, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (stderr_text().find(needle) != std::string::npos) return true;
        if (wait_for_exit(std::chrono::milliseconds(0)))
            return stderr_text().find(needle) != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

process_result run_process(const std::string& program, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env, std::chrono::milliseconds timeout) {
    child_process child(program, args, env);
    auto code = child.wait_for_exit(timeout);
    if (!code) ADD_FAILURE() << program << " did not exit within " << timeout.count() << " ms";
    return {code.value_or(-1), child.stdout_text(), child.stderr_text()};
}

std::string connector_binary() {
    return MLC_BINARY_PATH;
}

std::uint16_t wait_for_listen_port(child_process& service, std::chrono::milliseconds timeout,
                                   std::string_view field) {
    if (!service.wait_for_stderr("service.started", timeout)) return 0;
    std::istringstream lines(service.stderr_text());
    for (std::string line; std::getline(lines, line);) {
        if (line.find("service.started") == std::string::npos) continue;
        std::string listen(boost::json::parse(line).at(field).as_string());
        if (listen.empty()) return 0;
        return static_cast<std::uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1)));
    }
    return 0;
}

}  // namespace mlc::test

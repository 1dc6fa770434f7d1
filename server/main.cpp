// ml-connector entry point: parse the command line, load the configuration, run the command.
#include "common/config_loader.hpp"
#include "common/logger.hpp"
#include "server/app/service.hpp"
#include "server/cli/command_line.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/preview_command.hpp"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

extern char** environ;

namespace {

// Exit codes: 0 success, 1 the command failed, 2 bad command line or configuration.
constexpr int exit_usage = 2;

int dispatch(const mlc::server::command_line& cl) {
    using mlc::server::command;
    auto loaded = mlc::load_config_from(mlc::environment_from(environ), cl.config_file);
    if (!loaded) {
        std::cerr << mlc::format_errors(loaded.error());
        return exit_usage;
    }
    mlc::logger log(loaded->config.log, std::cerr);
    for (const auto& warning : loaded->warnings) log.warn("config.warning", {{"warning", warning}});

    switch (cl.cmd) {
        case command::run:
            return mlc::server::app::run_service(*loaded, log, cl.migrate_on_start);
        case command::migrate:
            return mlc::server::migrate_command(*loaded, log);
        case command::check:
            return mlc::server::check_command(*loaded, cl.json, log, std::cout);
        case command::config:
            return mlc::server::config_command(*loaded, std::cout);
        case command::preview:
            return mlc::server::preview_command(*loaded, cl.arguments, cl.doc_entry, log, std::cout,
                                                std::cerr);
        case command::version:
        case command::help:
            break;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    using mlc::server::command;
    std::vector<std::string> args(argv + 1, argv + argc);
    auto cl = mlc::server::parse_command_line(args);
    if (!cl) {
        std::cerr << "ml-connector: " << cl.error() << '\n';
        return exit_usage;
    }
    if (cl->help || cl->cmd == command::help) {
        std::cout << mlc::server::usage(cl->cmd);
        return 0;
    }
    if (cl->cmd == command::version) return mlc::server::version_command(std::cout);
    try {
        return dispatch(*cl);
    } catch (const std::exception& e) {
        // Only infrastructure failures reach here; their messages carry no secrets.
        std::cerr << "ml-connector: " << e.what() << '\n';
        return 1;
    }
}

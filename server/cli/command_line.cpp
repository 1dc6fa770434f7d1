// Parses ml-connector's command line: a command, then options.
#include "server/cli/command_line.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace mlc::server {

namespace {

constexpr std::array<std::pair<std::string_view, command>, 7> commands{{
    {"run", command::run},
    {"migrate", command::migrate},
    {"check", command::check},
    {"config", command::config},
    {"version", command::version},
    {"preview", command::preview},
    {"help", command::help},
}};

std::string_view name_of(command cmd) {
    for (auto [name, c] : commands)
        if (c == cmd) return name;
    return "help";
}

}  // namespace

boost::system::result<command_line, std::string> parse_command_line(const std::vector<std::string>& args) {
    command_line out;
    std::size_t i = 0;
    if (i < args.size() && !args[i].starts_with("-")) {
        bool found = false;
        for (auto [name, c] : commands) {
            if (args[i] == name) {
                out.cmd = c;
                found = true;
            }
        }
        if (!found) return "unknown command '" + args[i] + "' (try --help)";
        ++i;
    }
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            out.help = true;
        } else if (a == "--config" || a.starts_with("--config=")) {
            if (a == "--config") {
                if (i + 1 >= args.size()) return std::string("--config needs a file name");
                out.config_file = args[++i];
            } else {
                out.config_file = a.substr(9);
            }
            if (out.config_file.empty()) return std::string("--config needs a file name");
        } else if (a == "--json" && out.cmd == command::check) {
            out.json = true;
        } else if (out.cmd == command::preview && !a.starts_with("-")) {
            out.arguments.push_back(a);
        } else if (a == "--doc-entry" && out.cmd == command::preview) {
            if (i + 1 >= args.size()) return std::string("--doc-entry needs a DocEntry");
            out.doc_entry = args[++i];
        } else if (a == "--no-migrate" && out.cmd == command::run) {
            out.migrate_on_start = false;
        } else {
            return "unknown option '" + a + "' for " + std::string(name_of(out.cmd)) + " (try --help)";
        }
    }
    return out;
}

std::string usage(command cmd) {
    switch (cmd) {
        case command::run:
            return "usage: ml-connector run [--config FILE] [--no-migrate]\n"
                   "  Applies pending database migrations (unless --no-migrate), then serves HTTP and runs "
                   "the\n"
                   "  flows until SIGTERM or SIGINT.\n";
        case command::migrate:
            return "usage: ml-connector migrate [--config FILE]\n"
                   "  Applies pending database migrations and exits.\n";
        case command::check:
            return "usage: ml-connector check [--config FILE] [--json]\n"
                   "  Checks the configuration against the database, SAP and ShipStation: one line per\n"
                   "  finding, OK, WARN or FAIL (with what to do) or SKIP; --json prints one JSON document.\n"
                   "  Exits 0 only without a FAIL.\n";
        case command::config:
            return "usage: ml-connector config [--config FILE]\n"
                   "  Prints the effective configuration, secrets redacted.\n";
        case command::version:
            return "usage: ml-connector version\n  Prints the version and the commit it was built from.\n";
        case command::preview:
            return "usage: ml-connector preview order <DocNum> [--doc-entry N] [--config FILE]\n"
                   "       ml-connector preview delivery <shipmentId> [--config FILE]\n"
                   "  Prints, as JSON, what the connector would send now without sending or writing "
                   "anything:\n"
                   "  the ShipStation order for an SAP sales order (every order with the DocNum, or only\n"
                   "  --doc-entry N), or the SAP delivery and the sales order's PATCH for a ShipStation\n"
                   "  shipment; or why it would not. Exits 0 when something was previewed.\n";
        case command::help:
            break;
    }
    return "usage: ml-connector <command> [options]\n"
           "\n"
           "commands:\n"
           "  run       migrate the database, then serve (--no-migrate skips the migrations)\n"
           "  migrate   apply pending database migrations and exit\n"
           "  check     check the configured dependencies (database, SAP, ShipStation)\n"
           "  config    print the effective configuration with secrets redacted\n"
           "  version   print the version\n"
           "  preview   print what would be sent for an order or a shipment, sending nothing\n"
           "\n"
           "options:\n"
           "  --config FILE   YAML configuration file (default: $MLC_CONFIG); environment variables win\n"
           "  --help          show help for a command\n"
           "\n"
           "Settings come from MLC_* environment variables; see README.md for the list.\n";
}

}  // namespace mlc::server

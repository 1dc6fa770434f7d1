// Parses ml-connector's command line: a command, then options.
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <vector>

namespace mlc::server {

enum class command { run, migrate, check, config, version, preview, help };

struct command_line {
    command cmd = command::help;
    std::string config_file;       // --config FILE (overrides MLC_CONFIG)
    bool migrate_on_start = true;  // run: false with --no-migrate
    bool json = false;             // check: --json prints one JSON document
    bool help = false;             // --help given: print the command's usage and exit 0
    // preview: what to preview ("order <DocNum>" or "delivery <shipmentId>"), and --doc-entry N.
    std::vector<std::string> arguments;
    std::string doc_entry;
};

// Returns the parsed command line, or a readable error ("unknown option --x for run").
boost::system::result<command_line, std::string> parse_command_line(const std::vector<std::string>& args);

// The usage text for one command (or the overview for command::help).
std::string usage(command cmd);

}  // namespace mlc::server

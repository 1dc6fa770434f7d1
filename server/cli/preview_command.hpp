// `ml-connector preview`: what the connector would send for an SAP order or a ShipStation shipment, printed
// as JSON, without sending or writing anything.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mlc {
class logger;
struct loaded_config;
}  // namespace mlc

namespace mlc::server {

// `preview order <DocNum> [--doc-entry N]` or `preview delivery <shipmentId>` (`arguments` holds the words
// after `preview`; `doc_entry` the option's text, "" when absent). Prints the preview (the admin API's JSON,
// indented) on `out`, or the reason on `err`. Returns 0 when something was previewed, 1 when there was
// nothing to preview or SAP or the database could not say, 2 for a bad command line or a configuration
// without SAP.
int preview_command(const loaded_config& loaded, const std::vector<std::string>& arguments,
                    const std::string& doc_entry, const logger& log, std::ostream& out, std::ostream& err);

}  // namespace mlc::server

// The SQLQueries entity (stored SQL queries, Service Layer 10.0 FP 2011 and later) and its bound List
// function. The simulator cannot run SQL: List answers three query shapes from its data, a query reading OBTQ
// (batch stock per warehouse) with the parameters :ItemCode and :WhsCode, one reading OINM (the warehouse
// journal) with :TransNum, and one reading OITW (stock per warehouse) with :ItemCode, :WhsCode or neither;
// any other query gets an error saying so. OINM is readable only when the company allows it.
#pragma once

#include "server/http/request_context.hpp"
#include "tests/simulators/sap_b1/resource_path.hpp"
#include "tests/simulators/sap_b1/sim_state.hpp"
#include "tests/simulators/sap_b1/sl_responses.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace mlc::sim::sap {

// POST /SQLQueries: {"SqlCode","SqlName","SqlText"} stored with CreateDate and UpdateDate. SqlCode and
// SqlText are required (-1000), an unknown property is -1000, a SqlCode that exists is -10, a text reading
// OINM while the company keeps it closed is 702 "Table 'OINM' not accessible". Returns the SqlCode.
sl_result<std::string> create_sql_query(store& s, const boost::json::object& body, const sim_time& now);

// GET or POST /SQLQueries('code')/List: the parameters as ?ItemCode='A1'&WhsCode='01' (GET) or in the body's
// "ParamList" ("ItemCode='A1'&WhsCode='01'", POST). Answers {"SqlText", "value": rows} paged like a
// collection (the next link is a GET that repeats the parameters), 404 / -2028 for an unknown query, 400 for
// a missing or malformed parameter or a query the simulator cannot run, 400 / 702 for a query over OINM
// while the company keeps it closed. Never throws except std::bad_alloc.
response list_sql_query(sim_state& state, const server::http::request_context& ctx, const resource_path& p,
                        std::string_view method);

}  // namespace mlc::sim::sap

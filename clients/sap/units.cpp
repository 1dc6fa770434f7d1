// Reading the company's unit tables over the Service Layer.
#include "clients/sap/units.hpp"

#include "clients/sap/odata_query.hpp"
#include "common/json_fields.hpp"

namespace mlc::clients::sap {

namespace {

namespace jf = json_fields;

// Reads every row of `set` (selecting `fields`, ordered by UnitCode) with `make`; a row without an integer
// UnitCode fails the read.
template <class T, class Make>
boost::asio::awaitable<outcome<std::vector<T>>> read_units(client& c, std::string operation, std::string set,
                                                           std::vector<std::string> fields, Make make) {
    odata_query q;
    q.select(std::move(fields)).orderby("UnitCode asc");
    auto rows = co_await c.read_all(std::move(operation), "/" + set + q.to_string());
    if (!rows) co_return rows.error();
    std::vector<T> out;
    for (const auto& row : *rows) {
        const auto* o = row.if_object();
        auto code = o ? jf::integer(*o, "UnitCode") : std::nullopt;
        if (!code) co_return error{error_kind::bad_response, 200, {}, "a unit without UnitCode in /" + set};
        out.push_back(make(*code, *o));
    }
    co_return out;
}

weight_measure make_weight(int code, const boost::json::object& o) {
    return {code, jf::text(o, "UnitDisplay"), jf::text(o, "UnitName"), jf::number(o, "UnitWeightinmg")};
}

length_measure make_length(int code, const boost::json::object& o) {
    return {code, jf::text(o, "UnitDisplay"), jf::text(o, "UnitName"), jf::number(o, "UnitLengthinmm")};
}

}  // namespace

// The field lists are named, not braced in the calls: GCC 12 miscompiles an initializer list of literals
// inside co_await.
boost::asio::awaitable<outcome<std::vector<weight_measure>>> weight_measures(client& c) {
    std::vector<std::string> fields{"UnitCode", "UnitDisplay", "UnitName", "UnitWeightinmg"};
    co_return co_await read_units<weight_measure>(c, "weight_measures", "WeightMeasures", std::move(fields),
                                                  make_weight);
}

boost::asio::awaitable<outcome<std::vector<length_measure>>> length_measures(client& c) {
    std::vector<std::string> fields{"UnitCode", "UnitDisplay", "UnitName", "UnitLengthinmm"};
    co_return co_await read_units<length_measure>(c, "length_measures", "LengthMeasures", std::move(fields),
                                                  make_length);
}

}  // namespace mlc::clients::sap

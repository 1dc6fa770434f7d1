// The company's weight and length units (WeightMeasures, LengthMeasures): what an item's unit fields mean.
//
// Unit codes are company data (reference §8.4.3): the code of kg or lb differs between companies, and the
// metadata has no navigation from an item's unit field to these sets, so the connector reads both tables and
// joins on the client.
#pragma once

#include "clients/sap/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

namespace mlc::clients::sap {

struct weight_measure {
    int code = 0;           // UnitCode (what SalesWeightUnit holds)
    std::string display;    // UnitDisplay ("kg")
    std::string name;       // UnitName ("Kilogram")
    double milligrams = 0;  // UnitWeightinmg: milligrams per unit
};

struct length_measure {
    int code = 0;            // UnitCode (what SalesLengthUnit, SalesWidthUnit, SalesHeightUnit hold)
    std::string display;     // UnitDisplay ("cm")
    std::string name;        // UnitName ("Centimetre")
    double millimetres = 0;  // UnitLengthinmm: millimetres per unit
};

// Every WeightMeasures entry, by UnitCode. Returns them, or the error (bad_response for an entry without
// UnitCode). Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<weight_measure>>> weight_measures(client& c);

// Every LengthMeasures entry, by UnitCode. Returns them, or the error (bad_response for an entry without
// UnitCode). Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<length_measure>>> length_measures(client& c);

}  // namespace mlc::clients::sap

// Deterministic sample data: the same seed always gives the same items, partners, batches and orders.
#pragma once

#include "tests/simulators/sap_b1/store.hpp"

#include <cstdint>

namespace mlc::sim::sap {

struct seed_options {
    std::uint64_t seed = 1;  // same seed, same data (on every platform: no std distributions)
    int orders = 50;         // open sales orders, dated from 2025-08-01 on
    int items = 20;          // every 4th is batch-managed, every 7th (not batch) serial-managed
    int partners = 10;       // customers C40000, C40010, ...
};

// A fresh company database. Throws std::invalid_argument for negative counts or orders without items or
// partners; std::bad_alloc.
store make_seeded_store(const seed_options& options);

}  // namespace mlc::sim::sap

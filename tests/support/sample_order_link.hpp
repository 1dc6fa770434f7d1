// The stored link of one order, for unit tests of the orders flow's decisions: SAP order DocNum 7434,
// DocEntry 41367, of SBODEMOUS, with the orderKey the intake gives it; nothing else is set.
#pragma once

#include "db/order_links.hpp"

namespace mlc::test {

inline db::order_links::order_link sample_order_link() {
    db::order_links::order_link l;
    l.company_db = "SBODEMOUS";
    l.doc_entry = 41367;
    l.doc_num = 7434;
    l.order_key = "mlc-SBODEMOUS-7434-e41367";
    return l;
}

}  // namespace mlc::test

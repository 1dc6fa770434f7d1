#!/usr/bin/env python3
"""Driving client of bench/sizing.sh: waits until all N orders are in ShipStation, buys one label per order
whose items need no batch or serial numbers (16 at a time), waits until each is an SAP delivery, and prints
ShipStation calls per order and per shipment (from the simulator's request counts).

Usage: sizing.py SERVICE_URL ADMIN_TOKEN SAP_SIM_URL SHIPSTATION_SIM_URL N   (all on 127.0.0.1)
"""
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench_client import call, plain_item_codes


def gauge(service, token, name, state):
    text = call(service + "/metrics", token=token)
    m = re.search(r'^%s\{state="%s"\} (\d+)' % (name, state), text, re.M)
    return int(m.group(1)) if m else 0


def wait_for(what, check, target, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check() >= target:
            return
        time.sleep(0.5)
    sys.exit(f"sizing: {what} did not reach {target} within {seconds} s")


def ss_requests(ss_sim):
    return call(ss_sim + "/_control/stats")["requests"]


def main():
    service, token, sap_sim, ss_sim, n = sys.argv[1:6]
    n = int(n)
    wait_for("orders sent", lambda: gauge(service, token, "mlc_order_links", "sent"), n, 600)
    calls_for_orders = ss_requests(ss_sim)
    plain_skus = plain_item_codes(call(sap_sim + "/_control/state"))
    # The orders in ShipStation (listed without spending its limit) whose items need no batch or serial numbers.
    orders = call(ss_sim + "/_control/orders")["orders"]
    plain = [o["orderId"] for o in orders if o["skus"] and set(o["skus"]) <= plain_skus]

    def ship(order_id):
        call(ss_sim + "/_control/shipments", {"orderId": order_id, "carrierCode": "ups"})

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(ship, plain))
    # A shipment ends delivered, or dead when SAP refuses it (the seeded stock runs out after a few hundred).
    settled = lambda: sum(gauge(service, token, "mlc_shipment_links", s) for s in ("delivered", "dead"))
    wait_for("deliveries", settled, len(plain), 900)
    dead = gauge(service, token, "mlc_shipment_links", "dead")
    calls_total = ss_requests(ss_sim)
    print(f"orders: {n}, shipments (one label per order without batch or serial items): {len(plain)}, "
          f"of which SAP refused {dead} (dead letters)")
    print(f"ShipStation calls: {calls_for_orders} for the orders ({calls_for_orders / n:.4f} per order), "
          f"{calls_total - calls_for_orders} for the shipments "
          f"({(calls_total - calls_for_orders) / max(len(plain), 1):.4f} per shipment)")


if __name__ == "__main__":
    main()

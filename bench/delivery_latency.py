#!/usr/bin/env python3
"""Measuring client of bench/delivery_latency.sh: buys labels one at a time in the ShipStation simulator for K
orders whose items need no batch numbers and times each until GET /admin/orders/{DocNum} shows its SAP
delivery (nothing else queued meanwhile). Prints the latencies' median, p90 and max.

Usage: delivery_latency.py SERVICE_URL ADMIN_TOKEN SAP_SIM_URL SHIPSTATION_SIM_URL K   (all on 127.0.0.1)
"""
import statistics
import sys
import time

from bench_client import call, plain_item_codes


def main():
    service, token, sap_sim, ss_sim, k = sys.argv[1:6]
    state = call(sap_sim + "/_control/state")
    plain_items = plain_item_codes(state)
    plain = [o for o in sorted(state["orders"], key=lambda o: o["DocNum"])
             if all(line["ItemCode"] in plain_items for line in o["DocumentLines"])]
    latencies, missing = [], 0
    for order in plain[:int(k)]:
        view = call(f"{service}/admin/orders/{order['DocNum']}", token=token, timeout=10)["orders"][0]
        started = time.monotonic()
        call(ss_sim + "/_control/shipments", {"orderId": view["shipstation"]["order_id"], "carrierCode": "ups"})
        while time.monotonic() - started < 30:
            view = call(f"{service}/admin/orders/{order['DocNum']}", token=token, timeout=10)["orders"][0]
            if view["shipments"] and view["shipments"][-1]["delivery"]:
                latencies.append(time.monotonic() - started)
                break
            time.sleep(0.01)
        else:
            missing += 1
    latencies.sort()
    print(f"shipments: {len(latencies) + missing}, delivered: {len(latencies)}, not within 30 s: {missing}")
    if latencies:
        p90 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.9))]
        print(f"webhook to SAP delivery: median {statistics.median(latencies) * 1000:.0f} ms, "
              f"p90 {p90 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms (polled every 10 ms)")


if __name__ == "__main__":
    main()

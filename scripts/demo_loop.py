#!/usr/bin/env python3
"""The local demo's second half (called by scripts/run-local.sh): once the orders flow has sent the SAP
simulator's orders to the ShipStation simulator, buy labels there for a few of them (two whole, one partial),
wait for the shipments flow to write the deliveries back to SAP, and print a short summary.

Usage: demo_loop.py SERVICE_URL ADMIN_TOKEN SAP_SIM_URL SHIPSTATION_SIM_URL   (all on 127.0.0.1)
"""
import json
import sys
import time
import urllib.request


def get(url, token=None):
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def main():
    service, token, sap_sim, ss_sim = sys.argv[1:5]
    state = get(sap_sim + "/_control/state")
    items = {i["ItemCode"]: i for i in state["items"]}

    def plain(order):  # items that need no batch or serial numbers: the demo keeps to those
        return all(items[l["ItemCode"]].get("ManageBatchNumbers") != "tYES" and
                   items[l["ItemCode"]].get("ManageSerialNumbers") != "tYES" for l in order["DocumentLines"])

    chosen = [o for o in sorted(state["orders"], key=lambda o: o["DocNum"]) if plain(o)][:3]
    shipped = []
    for n, order in enumerate(chosen):
        view = get(f"{service}/admin/orders/entry/{order['DocEntry']}", token)
        body = {"orderId": view["shipstation"]["order_id"], "carrierCode": "ups", "serviceCode": "ups_ground"}
        partial = n == 2 and (len(order["DocumentLines"]) > 1 or order["DocumentLines"][0]["Quantity"] > 1)
        if partial:
            body["items"] = [{"lineItemKey": str(order["DocumentLines"][0]["LineNum"]), "quantity": 1}]
        shipment = post(ss_sim + "/_control/shipments", body)
        shipped.append((order["DocEntry"], order["DocNum"], shipment["shipmentId"], shipment["trackingNumber"], partial))

    deadline = time.time() + 30
    views = {}
    while time.time() < deadline:
        views = {entry: get(f"{service}/admin/orders/entry/{entry}", token) for entry, *_ in shipped}
        if all(v["shipments"] and v["shipments"][-1]["state"] != "received" for v in views.values()):
            break
        time.sleep(0.3)

    sap_orders = {o["DocEntry"]: o for o in get(sap_sim + "/_control/state")["orders"]}
    print("---- shipments flow: labels bought in ShipStation, deliveries written to SAP ----", file=sys.stderr)
    print(f"{'order':>6}  {'shipment':>10}  {'kind':<7}  {'tracking':<22}  {'state':<9}  {'delivery':>8}  SAP order",
          file=sys.stderr)
    for entry, doc, shipment_id, tracking, partial in shipped:
        s = views[entry]["shipments"][-1] if views.get(entry, {}).get("shipments") else {}
        delivery = (s.get("delivery") or {}).get("doc_num", "-")
        status = "open" if sap_orders[entry]["DocumentStatus"] == "bost_Open" else "closed"
        print(f"{doc:>6}  {shipment_id:>10}  {'partial' if partial else 'whole':<7}  {tracking:<22}  "
              f"{s.get('state', 'missing'):<9}  {delivery:>8}  {status}, tracking {sap_orders[entry].get('TrackingNumber')}",
              file=sys.stderr)


if __name__ == "__main__":
    main()

"""What the benchmarks' Python clients share: calls to the service and the simulators (all on 127.0.0.1), and
which SAP items need neither batch nor serial numbers (a label for them becomes a delivery without asking)."""
import json
import urllib.request


def call(url, body=None, token=None, timeout=30):
    """GETs URL (or POSTs BODY as JSON) with an optional bearer TOKEN; returns the answer parsed (None when
    empty). Raises urllib's errors for a non-2xx answer."""
    req = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                 method="GET" if body is None else "POST",
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        raw = r.read()
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return raw.decode()


def plain_item_codes(sap_state):
    """The ItemCodes of the SAP simulator's state (GET /_control/state) managed without batches or serials."""
    return {i["ItemCode"] for i in sap_state["items"]
            if i.get("ManageBatchNumbers") != "tYES" and i.get("ManageSerialNumbers") != "tYES"}

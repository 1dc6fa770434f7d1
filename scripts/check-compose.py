#!/usr/bin/env python3
"""Checks docker/compose.yaml parses and stays hardened: ports on 127.0.0.1 only, no default secrets, and the
connector's containers read-only, without capabilities, without privilege escalation."""
import re
import sys

import yaml

SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|API_KEY|DATABASE_URL")
# A secret's value must come from the user: ${VAR:?message}, never a literal or a ${VAR:-default}.
REQUIRED_VAR = re.compile(r"\$\{[A-Z0-9_]+:\?[^}]*\}")


def problems_of(compose):
    found = []
    for name, service in compose.get("services", {}).items():
        for port in service.get("ports", []):
            if not str(port).startswith("127.0.0.1:"):
                found.append(f"{name}: port {port} is not bound to 127.0.0.1")
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) and not REQUIRED_VAR.search(str(value)):
                found.append(f"{name}: {key} has a default instead of ${{VAR:?...}}")
        if service.get("image", "").startswith("postgres"):
            continue
        if service.get("read_only") is not True:
            found.append(f"{name}: read_only is not true")
        if service.get("cap_drop") != ["ALL"]:
            found.append(f"{name}: cap_drop is not [ALL]")
        if "no-new-privileges:true" not in service.get("security_opt", []):
            found.append(f"{name}: security_opt lacks no-new-privileges:true")
    return found


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "docker/compose.yaml"
    with open(path, encoding="utf-8") as f:
        compose = yaml.safe_load(f)
    found = problems_of(compose)
    for problem in found:
        print(f"{path}: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

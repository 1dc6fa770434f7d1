#!/usr/bin/env python3
"""Renders each overlay of deploy/kubernetes with `kubectl kustomize` and checks that the rendered objects keep
what the README's "Kubernetes" section promises: replicas and their spread, the disruption budget, probes on
the management port, the preStop pause within the grace period, resources, the hardening, secrets only as
files, the ConfigMap where MLC_CONFIG points, the migration Job (its schema the Deployment's), the Services
and the NetworkPolicy. Prints each broken property with the overlay and object, exit 1. `--self-test` breaks
copies of the manifests and fails unless each break is caught. KUBECTL names the kubectl to use (default:
kubectl on PATH)."""
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = "deploy/kubernetes"
# The fewest replicas each overlay may run; two or more need a disruption budget that keeps one.
OVERLAYS = {"trial": 1, "production": 2}
IMAGE_UID = 10001  # the image's user (docker/Dockerfile)
DEFAULT_SHUTDOWN_GRACE = 20.0  # MLC_SHUTDOWN_GRACE's default (common/settings.cpp)
# Names that hold a secret whatever the program (as scripts/check-compose.py has them).
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|API_KEY|DATABASE_URL")
EGRESS_PORTS = {53: "DNS", 5432: "PostgreSQL", 443: "SAP and ShipStation over TLS"}


def secret_settings():
    """The settings that must come from files: the table's secrets and the API key (common/secret_files.cpp)."""
    table = (ROOT / "common/settings.cpp").read_text(encoding="utf-8")
    names = set()
    for block in table.split('{.env_name = "')[1:]:
        if ".is_secret = true" in block:
            names.add(block.split('"', 1)[0])
    extra = re.search(r'api_key = "(MLC_[A-Z0-9_]+)"', (ROOT / "common/secret_files.cpp").read_text())
    if extra:
        names.add(extra.group(1))
    if "MLC_DATABASE_URL" not in names:
        raise SystemExit("check-kubernetes: common/settings.cpp no longer reads as expected (no secret found)")
    return names


def seconds(text):
    """MLC_ duration text (20s, 1m30s, 500ms) in seconds."""
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    parts = re.findall(r"(\d+)(ms|s|m|h|d)", str(text))
    if not parts or "".join(n + u for n, u in parts) != str(text):
        raise ValueError(f"not a duration: {text!r}")
    return sum(int(n) * units[u] for n, u in parts)


def listen_port(text):
    return int(str(text).rsplit(":", 1)[1])


def subset(labels, of):
    return bool(labels) and all(of.get(k) == v for k, v in labels.items())


class Rendered:
    """The objects of one rendered overlay, and the problems found in them."""

    def __init__(self, overlay, objects):
        self.overlay = overlay
        self.objects = [o for o in objects if o]
        self.problems = []

    def of_kind(self, kind):
        return [o for o in self.objects if o.get("kind") == kind]

    def named(self, kind, name):
        return next((o for o in self.of_kind(kind) if o["metadata"]["name"] == name), None)

    def fail(self, obj, what):
        where = f"{obj['kind']}/{obj['metadata']['name']}" if obj else "(missing)"
        self.problems.append(f"{self.overlay}: {where}: {what}")


def env_of(container):
    return {e["name"]: e for e in container.get("env", [])}


def argv_of(container):
    return [str(a) for a in container.get("command", []) + container.get("args", [])]


def container_port(container, ref):
    """The port number a probe, Service or policy names (by number or by the container port's name)."""
    for port in container.get("ports", []):
        if ref in (port.get("name"), port["containerPort"], str(port["containerPort"])):
            return port["containerPort"]
    return None


def mounted_volume(pod, container, path):
    """(volume, key) for a file path under one of the container's mounts, or (None, None)."""
    for mount in container.get("volumeMounts", []):
        prefix = mount["mountPath"].rstrip("/") + "/"
        if path.startswith(prefix) and "subPath" not in mount:
            volume = next((v for v in pod.get("volumes", []) if v["name"] == mount["name"]), None)
            return volume, path[len(prefix):].split("/", 1)[0]
    return None, None


def check_hardening(r, obj, pod, container):
    pod_sc, sc = pod.get("securityContext", {}), container.get("securityContext", {})
    merged = {**pod_sc, **sc}
    if merged.get("runAsNonRoot") is not True:
        r.fail(obj, f"container {container['name']}: runAsNonRoot is not true")
    if merged.get("runAsUser") != IMAGE_UID:
        r.fail(obj, f"container {container['name']}: runAsUser is not {IMAGE_UID} (the image's user)")
    if sc.get("readOnlyRootFilesystem") is not True:
        r.fail(obj, f"container {container['name']}: readOnlyRootFilesystem is not true")
    if sc.get("allowPrivilegeEscalation") is not False:
        r.fail(obj, f"container {container['name']}: allowPrivilegeEscalation is not false")
    if "ALL" not in sc.get("capabilities", {}).get("drop", []):
        r.fail(obj, f"container {container['name']}: capabilities do not drop ALL")
    if merged.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        r.fail(obj, f"container {container['name']}: seccompProfile is not RuntimeDefault")
    resources = container.get("resources", {})
    for kind in ("requests", "limits"):
        for what in ("cpu", "memory"):
            if what not in resources.get(kind, {}):
                r.fail(obj, f"container {container['name']}: resources.{kind}.{what} is not set")


def check_secret_env(r, obj, pod, container, secrets):
    for source in container.get("envFrom", []):
        if "secretRef" in source:
            r.fail(obj, f"container {container['name']}: envFrom puts a Secret in the environment; mount it")
    for name, entry in env_of(container).items():
        if name in secrets or (SECRET_NAME.search(name) and not name.endswith("_FILE")):
            r.fail(obj, f"container {container['name']}: {name} is set in the environment; mount it, use {name}_FILE")
        if not (name.endswith("_FILE") and name[: -len("_FILE")] in secrets):
            continue
        volume, key = mounted_volume(pod, container, entry.get("value", ""))
        if not volume or "secret" not in volume:
            r.fail(obj, f"{name}={entry.get('value')} is not in a mounted Secret volume")
            continue
        secret = r.named("Secret", volume["secret"]["secretName"])
        if secret is not None and key not in (secret.get("data") or {}):
            r.fail(obj, f"{name}: Secret {secret['metadata']['name']} has no key {key}")


def check_config_mount(r, obj, pod, container):
    path = env_of(container).get("MLC_CONFIG", {}).get("value")
    if not path:
        r.fail(obj, f"container {container['name']}: MLC_CONFIG is not set")
        return None
    volume, key = mounted_volume(pod, container, path)
    config_map = r.named("ConfigMap", volume["configMap"]["name"]) if volume and "configMap" in volume else None
    if config_map is None or key not in (config_map.get("data") or {}):
        r.fail(obj, f"MLC_CONFIG={path} is not a key of a ConfigMap mounted there")
        return None
    return yaml.safe_load(config_map["data"][key]) or {}


def check_pod(r, obj, secrets):
    """Checks every workload shares; returns its pod spec and its first container."""
    pod = obj["spec"]["template"]["spec"]
    for container in pod["containers"]:
        check_hardening(r, obj, pod, container)
        check_secret_env(r, obj, pod, container, secrets)
    return pod, pod["containers"][0]


def check_probe(r, obj, container, probe_name, path, management):
    probe = container.get(probe_name)
    get = (probe or {}).get("httpGet", {})
    if not probe:
        r.fail(obj, f"no {probe_name}")
    elif container_port(container, get.get("port")) != management or (path and get.get("path") != path):
        r.fail(obj, f"{probe_name} is not GET {path or '/...'} on the management port {management}")


def pre_stop_seconds(container):
    pre_stop = container.get("lifecycle", {}).get("preStop", {})
    if "sleep" in pre_stop:
        return float(pre_stop["sleep"]["seconds"])
    command = pre_stop.get("exec", {}).get("command", [])
    if command and command[0].endswith("sleep") and len(command) == 2:
        return float(command[1])
    return None


def check_shutdown(r, deployment, pod, container, config):
    grace_text = env_of(container).get("MLC_SHUTDOWN_GRACE", {}).get("value") or config.get("shutdown_grace")
    grace = seconds(grace_text) if grace_text else DEFAULT_SHUTDOWN_GRACE
    pause = pre_stop_seconds(container)
    if pause is None:
        r.fail(deployment, "no preStop sleep (endpoints must drop the pod before SIGTERM)")
        pause = 0
    period = pod.get("terminationGracePeriodSeconds", 30)
    if period <= grace + pause:
        r.fail(deployment, f"terminationGracePeriodSeconds {period} is not above MLC_SHUTDOWN_GRACE {grace:g} s "
               f"+ preStop {pause:g} s")


def check_spread(r, deployment, pod_labels):
    spec = deployment["spec"]
    replicas = spec.get("replicas", 1)
    if replicas < OVERLAYS[r.overlay]:
        r.fail(deployment, f"replicas {replicas} is below {OVERLAYS[r.overlay]}")
    rolling = spec.get("strategy", {}).get("rollingUpdate", {})
    if str(rolling.get("maxUnavailable")) not in ("0", "0%") or str(rolling.get("maxSurge")) in ("None", "0", "0%"):
        r.fail(deployment, "rolling update is not maxUnavailable 0 with a surge")
    terms = spec["template"]["spec"].get("affinity", {}).get("podAntiAffinity", {})
    terms = terms.get("preferredDuringSchedulingIgnoredDuringExecution", [])
    if not any(t["podAffinityTerm"].get("topologyKey") == "kubernetes.io/hostname"
               and subset(t["podAffinityTerm"].get("labelSelector", {}).get("matchLabels"), pod_labels)
               for t in terms):
        r.fail(deployment, "no preferred pod anti-affinity across kubernetes.io/hostname for its own pods")
    return replicas


def pods(value, replicas, rounding):
    """A budget's count of pods: a number, or a percentage of the replicas rounded as Kubernetes does."""
    text = str(value)
    return rounding(replicas * int(text[:-1]) / 100) if text.endswith("%") else int(text)


def check_disruption_budget(r, replicas, pod_labels):
    budgets = [b for b in r.of_kind("PodDisruptionBudget")
               if subset(b["spec"].get("selector", {}).get("matchLabels"), pod_labels)]
    if not budgets:
        if replicas > 1:
            r.fail(None, f"no PodDisruptionBudget for the {replicas} replicas")
        return
    spec = budgets[0]["spec"]
    if "minAvailable" in spec:
        keeps = pods(spec["minAvailable"], replicas, math.ceil)
    else:
        keeps = replicas - pods(spec.get("maxUnavailable", 1), replicas, math.floor)
    if replicas > 1 and keeps < 1:
        r.fail(budgets[0], "keeps no replica running during a drain")
    if keeps >= replicas:
        r.fail(budgets[0], f"keeps {keeps} of {replicas} replicas: it blocks every drain")


def check_services(r, container, pod_labels, ports):
    for role, port in ports.items():
        if not any(subset(s["spec"].get("selector"), pod_labels)
                   and any(container_port(container, p.get("targetPort", p["port"])) == port
                           for p in s["spec"].get("ports", []))
                   for s in r.of_kind("Service")):
            r.fail(None, f"no Service reaches the {role} port {port}")


def policy_port(container, port):
    """The container port a policy's port names, or the policy's own value when it names none."""
    return container_port(container, port.get("port")) or port.get("port")


def check_network_policy(r, container, pod_labels, ports):
    policies = [p for p in r.of_kind("NetworkPolicy") if subset(p["spec"]["podSelector"].get("matchLabels"), pod_labels)]
    if not policies:
        r.fail(None, "no NetworkPolicy selects the connector's pods")
        return
    policy, spec = policies[0], policies[0]["spec"]
    opened = set()
    for rule in spec.get("ingress", []):
        rule_ports = {policy_port(container, p) for p in rule.get("ports", [])}
        if not rule.get("from") or not rule_ports:
            r.fail(policy, "an ingress rule is open to every source or every port")
        if not rule_ports <= set(ports.values()) or len(rule_ports) > 1:
            r.fail(policy, f"an ingress rule opens {sorted(rule_ports, key=str)}, not one of the container ports "
                   f"{sorted(ports.values())}")
        opened |= rule_ports
    for role, port in ports.items():
        if port not in opened:
            r.fail(policy, f"ingress does not open the {role} port {port}")
    egress = {p.get("port") for rule in spec.get("egress", []) for p in rule.get("ports", [])}
    if "Egress" not in spec.get("policyTypes", []):
        r.fail(policy, "policyTypes lacks Egress")
    for port, what in EGRESS_PORTS.items():
        if port not in egress:
            r.fail(policy, f"egress lacks port {port} ({what})")


def schema_of(container, config):
    """MLC_DB_SCHEMA as the container sees it: its environment, else the configuration file's."""
    value = env_of(container).get("MLC_DB_SCHEMA", {}).get("value")
    return value if value is not None else (config.get("database") or {}).get("schema", "")


def check_migration(r, deployment, dep_pod, dep_container, config, secrets):
    jobs = [j for j in r.of_kind("Job") if "migrate" in argv_of(j["spec"]["template"]["spec"]["containers"][0])]
    if not jobs:
        r.fail(None, "no Job runs `ml-connector migrate`")
        return
    job = jobs[0]
    pod, container = check_pod(r, job, secrets)
    schema, dep_schema = schema_of(container, {}), schema_of(dep_container, config)
    if schema != dep_schema:
        r.fail(job, f"migrates the schema {schema!r}, the Deployment uses {dep_schema!r} (MLC_DB_SCHEMA)")
    if container["image"] != dep_container["image"]:
        r.fail(job, f"image {container['image']} is not the Deployment's {dep_container['image']}")
    volume, _ = mounted_volume(pod, container, env_of(container).get("MLC_MIGRATE_DATABASE_URL_FILE", {}).get("value", ""))
    runtime_secrets = {v["secret"]["secretName"] for v in dep_pod.get("volumes", []) if "secret" in v}
    if not volume or "secret" not in volume:
        r.fail(job, "MLC_MIGRATE_DATABASE_URL_FILE does not name a file of the migration Secret")
    elif volume["secret"]["secretName"] in runtime_secrets:
        r.fail(job, "the migration Secret is also mounted in the Deployment (the owner's URL must stay out of it)")
    if any(n.startswith("MLC_MIGRATE_DATABASE_URL") for n in env_of(dep_container)):
        r.fail(deployment, "the Deployment has the migration role's URL")


def check_rendered(r, secrets):
    deployments = r.of_kind("Deployment")
    if len(deployments) != 1:
        r.fail(None, f"{len(deployments)} Deployments rendered, expected 1")
        return
    deployment = deployments[0]
    pod_labels = deployment["spec"]["template"]["metadata"].get("labels", {})
    pod, container = check_pod(r, deployment, secrets)
    config = check_config_mount(r, deployment, pod, container) or {}
    if argv_of(container)[-2:] != ["run", "--no-migrate"]:
        r.fail(deployment, f"runs {argv_of(container)}, not `run --no-migrate`")
    env = env_of(container)
    if "MLC_DATABASE_URL_FILE" not in env:
        r.fail(deployment, "MLC_DATABASE_URL_FILE is not set")
    ports = {}
    for role, name in (("webhook", "MLC_LISTEN"), ("management", "MLC_MANAGEMENT_LISTEN")):
        value = env.get(name, {}).get("value")
        ports[role] = listen_port(value) if value else None
        if ports[role] is None or container_port(container, ports[role]) is None:
            r.fail(deployment, f"{name} is not set in the environment to one of the container's ports")
    check_probe(r, deployment, container, "livenessProbe", "/healthz", ports["management"])
    check_probe(r, deployment, container, "readinessProbe", "/readyz", ports["management"])
    check_probe(r, deployment, container, "startupProbe", None, ports["management"])
    check_shutdown(r, deployment, pod, container, config)
    replicas = check_spread(r, deployment, pod_labels)
    check_disruption_budget(r, replicas, pod_labels)
    check_services(r, container, pod_labels, ports)
    check_network_policy(r, container, pod_labels, ports)
    check_migration(r, deployment, pod, container, config, secrets)


def render(tree, overlay):
    """The overlay rendered in a copy of the manifests (`tree`), with placeholders for the secret files."""
    directory = tree / "overlays" / overlay
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    for generator in kustomization.get("secretGenerator", []):
        for entry in generator.get("files", []):
            placeholder = directory / entry.split("=", 1)[-1]
            placeholder.parent.mkdir(parents=True, exist_ok=True)
            placeholder.write_text("placeholder\n")
    kubectl = os.environ.get("KUBECTL", "kubectl")
    if shutil.which(kubectl) is None:
        raise RuntimeError(f"{overlay}: {kubectl} not found (scripts/install-deps.sh installs kubernetes-client)")
    done = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{overlay}: kubectl kustomize failed: {done.stderr.strip()}")
    return list(yaml.safe_load_all(done.stdout))


def copy_manifests(into):
    """A copy of deploy/kubernetes without anyone's real secret files."""
    tree = Path(into) / "kubernetes"
    shutil.copytree(ROOT / MANIFESTS, tree, ignore=lambda d, names: names if d.endswith("/secrets") else [])
    return tree


def problems_of(tree, overlays):
    secrets = secret_settings()
    found = []
    for overlay in overlays:
        try:
            r = Rendered(overlay, render(tree, overlay))
        except RuntimeError as e:
            found.append(str(e))
            continue
        check_rendered(r, secrets)
        found += r.problems
    return found


# Each break of the base, and words the report of it must contain.
BREAKS = [
    ("deployment.yaml", 'args: ["run", "--no-migrate"]', 'args: ["run"]', "--no-migrate"),
    ("deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "readOnlyRootFilesystem"),
    ("deployment.yaml", "terminationGracePeriodSeconds: 35", "terminationGracePeriodSeconds: 25",
     "terminationGracePeriodSeconds"),
    ("deployment.yaml", "path: /readyz", "path: /healthz", "readinessProbe"),
    ("deployment.yaml", "value: /run/secrets/ml-connector/admin-token", "value: /etc/admin-token",
     "MLC_ADMIN_TOKEN_FILE"),
    ("deployment.yaml", "mountPath: /etc/ml-connector", "mountPath: /etc/mlc", "MLC_CONFIG"),
    ("deployment.yaml", "topologyKey: kubernetes.io/hostname", "topologyKey: topology.kubernetes.io/zone",
     "anti-affinity"),
    ("network-policy.yaml", "port: 9090", "port: 9091", "NetworkPolicy"),
    ("pod-disruption-budget.yaml", "minAvailable: 1", "minAvailable: 2", "blocks every drain"),
    ("migrate-job.yaml", "secretName: ml-connector-migrate", "secretName: ml-connector", "migration Secret"),
    ("migrate-job.yaml", "value: mlc", "value: public", "MLC_DB_SCHEMA"),
    ("migrate-job.yaml", "- name: MLC_MIGRATE_DATABASE_URL_FILE", "- name: PGPASSWORD", "PGPASSWORD"),
]


def self_test():
    failures = 0
    for file, old, new, expected in BREAKS:
        with tempfile.TemporaryDirectory() as temp:
            tree = copy_manifests(temp)
            path = tree / "base" / file
            text = path.read_text()
            if old not in text:
                print(f"self-test: {file} no longer holds {old!r}: update BREAKS", file=sys.stderr)
                failures += 1
                continue
            path.write_text(text.replace(old, new, 1))
            found = problems_of(tree, ["production"])
        if not any(expected in p for p in found):
            print(f"self-test: {file}: {old!r} -> {new!r} was not reported as {expected!r}: {found}", file=sys.stderr)
            failures += 1
    print(f"check-kubernetes self-test: {len(BREAKS) - failures} of {len(BREAKS)} breaks caught", file=sys.stderr)
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    with tempfile.TemporaryDirectory() as temp:
        found = problems_of(copy_manifests(temp), OVERLAYS)
    for problem in found:
        print(f"{MANIFESTS}/overlays/{problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

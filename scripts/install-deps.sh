#!/usr/bin/env bash
# Installs the Debian bookworm packages ml-connector builds, tests and runs with. Idempotent and quiet:
# apt-get runs only when something is missing. Pass --bench to add the benchmark tools.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git python3 python3-yaml tzdata ca-certificates
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libssl-dev libpqxx-dev libhowardhinnant-date-dev libyaml-cpp-dev prometheus-cpp-dev libpsl-dev
    libgtest-dev libgmock-dev clang-format
    postgresql-15 postgresql-client-15
)
[ "${1:-}" = "--bench" ] && packages+=(wrk curl)
# kubectl renders deploy/kubernetes for scripts/check-kubernetes.py (CI only). Debian's kubernetes-client
# (kubectl 1.20, kustomize v2.0.3) unless a kubectl is already on the machine, which is used as it is.
command -v kubectl >/dev/null || packages+=(kubernetes-client)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

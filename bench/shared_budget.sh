#!/usr/bin/env bash
# Benchmark (not a test): the ShipStation rate budget shared in PostgreSQL. For 1, 2 and 3 limiter drivers
# (replicas) with a backlog on one bucket of a throwaway PostgreSQL, prints grants per second against the
# ceiling's bound (default 40 per 6 s: 40/min compressed tenfold) and database statements per grant.
# Usage: bench/shared_budget.sh [--limit N] [--window-ms W] [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
bench_build bench-shared-budget
bench_machine
bench_start_postgres
MLC_PG_URL=$MLC_PG_URL build-bench/bin/bench-shared-budget "$@"
exit 0

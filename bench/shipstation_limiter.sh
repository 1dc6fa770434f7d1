#!/usr/bin/env bash
# Benchmark (not a test): the ShipStation client's rate limiter against the in-process simulator on
# 127.0.0.1. A backlog of bulk createorders pushes and tracking reads under a shared ceiling (default 40
# per 6 s, ShipStation's 40/min compressed tenfold: a run takes about a minute); prints requests sent,
# 429s, elapsed, the backlog rate as % of the ceiling, the worst sliding-window count at the simulator and
# p50/p99 call latency of tracking reads vs bulk pushes.
# Usage: bench/shipstation_limiter.sh [--limit N] [--window-ms W] [--requests R] [--concurrency M]
#                                     [--competitor C]
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh  # the program links the simulator library, built with the tests
bench_build bench-shipstation-limiter
bench_machine
build-bench/bin/bench-shipstation-limiter "$@"
exit 0

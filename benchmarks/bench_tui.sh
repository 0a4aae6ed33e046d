#!/usr/bin/env bash
# First paint and key-press latency of the TUI in tmux at 80x24, with the shared harness
# (../shared/tools/first_paint.py): the demo (2 children), and 200 children (make_children.py).
#   bash benchmarks/bench_tui.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
py=${PYTHON:-.venv/bin/python}
harness=../shared/tools/first_paint.py
today=--today=2026-11-28

echo "== python -c pass, in tmux"
python3 "$harness" -n "$runs" --warmup 1 --until-exit -- "$py" -c pass

echo "== iepcheck --demo: first paint (what remains), Down latency, RSS"
python3 "$harness" -n "$runs" --warmup 1 --expect "What remains" --expect "Sam Rivera" \
  --key Down --presses 10 --time-v --quit-key q -- "$py" -m iepcheck --demo "$today"

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
IEPCHECK_DATA_DIR="$data" "$py" benchmarks/make_children.py "$data" --children 200 >/dev/null
echo "== 200 children: first frame (panes drawn, data still loading)"
python3 "$harness" -n "$runs" --warmup 1 --expect "What remains" --quit-key q \
  --env "IEPCHECK_DATA_DIR=$data" -- "$py" -m iepcheck "$today"

echo "== 200 children, cold cache (first launch): all children shown, Down latency"
python3 "$harness" -n "$runs" --warmup 1 --expect "Child 000" --expect "All children (200)" \
  --key Down --presses 10 --quit-key q --env "IEPCHECK_DATA_DIR=$data" \
  -- "$py" -m iepcheck "$today"

echo "== 200 children, warm cache (every later launch): all children shown"
python3 "$harness" -n "$runs" --warmup 1 --expect "Child 000" --expect "All children (200)" \
  --quit-key q --env "IEPCHECK_DATA_DIR=$data" --env "IEPCHECK_CACHE_DIR=$data/cache" \
  -- "$py" -m iepcheck "$today"

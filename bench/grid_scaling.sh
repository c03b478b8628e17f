#!/usr/bin/env bash
# Scaling of `hwnas bench` from 1 to 2 threads, measured so that a noisy
# machine cannot fake it: the three cases alternate, REPEAT times each, and
# the medians are compared.
#   j1      one process, -j 1
#   j2      one process, -j 2
#   2 x j1  two -j 1 processes at once: what this machine gives two
#           independent single-threaded jobs, the ceiling for j1/j2
# Also checks that -j 1 and -j 2 wrote the same batch.csv, and prints the
# peak RSS of each case.
#
#   bench/grid_scaling.sh [GRID] [REPEAT] [HWNAS]
set -euo pipefail
grid="${1:-configs/hw_evrsnas_nb201_grid.json}"
repeat="${2:-5}"
hwnas="${3:-build/bin/hwnas}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

timed() {  # timed NAME ARGS...: appends "seconds kb" to $work/NAME
    local name="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$work/$name.one" "$@" > /dev/null 2>&1
    cat "$work/$name.one" >> "$work/$name"
}

for ((i = 0; i < repeat; i++)); do
    rm -rf "$work"/out*
    timed j1 "$hwnas" -q bench "$grid" -o "$work/out1" -j 1
    timed j2 "$hwnas" -q bench "$grid" -o "$work/out2" -j 2
    cmp -s "$work/out1/batch.csv" "$work/out2/batch.csv" || { echo "batch.csv differs between -j 1 and -j 2" >&2; exit 1; }
    start=$EPOCHREALTIME
    "$hwnas" -q bench "$grid" -o "$work/outa" -j 1 > /dev/null 2>&1 &
    "$hwnas" -q bench "$grid" -o "$work/outb" -j 1 > /dev/null 2>&1
    wait
    python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f} 0')" "$start" "$EPOCHREALTIME" >> "$work/pair"
done

python3 - "$work" "$repeat" <<'EOF'
import statistics, sys
work, repeat = sys.argv[1], sys.argv[2]
def load(name):
    rows = [line.split() for line in open(f"{work}/{name}") if line.strip()]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
(j1, m1), (j2, m2), (pair, _) = load("j1"), load("j2"), load("pair")
med = statistics.median
print(f"runs of each case: {repeat} (alternating); medians")
print(f"  j1      {med(j1):.2f} s   (all: {' '.join(f'{x:.2f}' for x in j1)})   peak RSS {max(m1) / 1024:.0f} MB")
print(f"  j2      {med(j2):.2f} s   (all: {' '.join(f'{x:.2f}' for x in j2)})   peak RSS {max(m2) / 1024:.0f} MB")
print(f"  2 x j1  {med(pair):.2f} s   (all: {' '.join(f'{x:.2f}' for x in pair)})")
print(f"scaling j1 -> j2: {med(j1) / med(j2):.2f}x")
print(f"this machine, two independent j1 jobs: {2 * med(j1) / med(pair):.2f}x the throughput of one")
print("batch.csv identical at -j 1 and -j 2: yes")
EOF

#!/usr/bin/env bash
# Speed of hwnas's regularized evolution over the plain-Python reference loop
# (bench/python_reference_re.py), measured in pairs: each round runs the two
# one right after the other and takes their ratio, so a machine that slows
# down for a while slows both sides of a pair. Prints every pair and the
# median ratio.
#
#   bench/python_ratio.sh [ROUNDS] [PYTHON_RUNS] [HWNAS_RUNS] [BUDGET]
#   (defaults: 7 rounds; 100 Python runs and 1000 hwnas runs of 5000 evaluations, about a second each)
set -euo pipefail
rounds="${1:-7}"
python_runs="${2:-100}"
hwnas_runs="${3:-1000}"
budget="${4:-5000}"
here="$(cd "$(dirname "$0")" && pwd)"
bench="${HWNAS_BENCH_BINARY:-$here/../build/bin/bench_search_throughput}"
data="${HWNAS_DATA_DIR:-$here/../../shared/data}"
[ -x "$bench" ] || { echo "no $bench: build first (cmake --build build)" >&2; exit 1; }

rate() { grep -o '^[0-9.]* million' | cut -d' ' -f1; }
ratios=()
for ((i = 0; i < rounds; i++)); do
    python_rate="$(python3 "$here/python_reference_re.py" "$python_runs" "$budget" "$data" | rate)"
    hwnas_rate="$(HWNAS_DATA_DIR="$data" "$bench" regularized_evolution "$hwnas_runs" "$budget" | rate)"
    ratio="$(python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.1f}')" "$python_rate" "$hwnas_rate")"
    echo "round $((i + 1)): Python $python_rate M/s, hwnas $hwnas_rate M/s: ${ratio}x"
    ratios+=("$ratio")
done
python3 -c "import statistics, sys; print(f'median ratio over {len(sys.argv) - 1} pairs: {statistics.median(map(float, sys.argv[1:])):.1f}x')" "${ratios[@]}"

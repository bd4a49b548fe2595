#!/usr/bin/env bash
# Runs the UNet throughput benchmark on DJL (UNetBenchmark.java) and on PyTorch eager
# (unet_bench.py) alternately, ROUNDS times, and prints a Markdown table of the medians.
#   tools/benchmarks/run_unet_bench.sh [ROUNDS] [extra args for both, e.g. --steps 10 --repeats 3]
# Environment: THREADS (default 2), OUT (default target/unet-bench.jsonl).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/native-env.sh  # the same native settings for DJL and PyTorch
ROUNDS="${1:-2}"; shift || true
THREADS="${THREADS:-2}"
OUT="${OUT:-target/unet-bench.jsonl}"
mkdir -p "$(dirname "$OUT")"; : > "$OUT"

./mvnw -B -q -pl model -am test-compile -Dspotless.check.skip=true
./mvnw -B -q -pl model dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/target/unet-bench.classpath" >/dev/null
CP="model/target/test-classes:model/target/classes:$(cat target/unet-bench.classpath)"

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS: DJL" >&2
  java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" \
    -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$CP" dev.beamdiff.nn.bench.UNetBenchmark "$@" 2>/dev/null | grep '^{' | tee -a "$OUT"
  echo "round $round/$ROUNDS: PyTorch eager" >&2
  python3 tools/benchmarks/unet_bench.py --threads "$THREADS" "$@" 2>/dev/null | grep '^{' | tee -a "$OUT"
done

python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(fw, mode, key):
    v = [r[key] for r in rows if r["framework"] == fw and r["mode"] == mode]
    return statistics.median(v) if v else float("nan")
print("\n| step (batch %d, %s threads) | DJL img/s | PyTorch eager img/s | ratio | DJL img/CPU-s | PyTorch img/CPU-s | ratio |"
      % (rows[0]["batch"], rows[0]["threads"]))
print("|---|---|---|---|---|---|---|")
for mode in ("train", "sample"):
    d, p = med("djl", mode, "img_per_s_median"), med("pytorch-eager", mode, "img_per_s_median")
    dc, pc = med("djl", mode, "img_per_cpu_s_median"), med("pytorch-eager", mode, "img_per_cpu_s_median")
    if d == d:
        print(f"| {mode} | {d:.1f} | {p:.1f} | {d / p:.2f} | {dc:.1f} | {pc:.1f} | {dc / pc:.2f} |")
PY

#!/usr/bin/env bash
# Runs a *Benchmark main from a module's test classes on the module's test classpath.
#   tools/benchmarks/run-java-benchmark.sh transforms dev.beamdiff.transforms.metrics.FrechetBenchmark [args]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/tools/native-env.sh"
MODULE="$1"
MAIN="$2"
shift 2
CP_FILE="$ROOT/$MODULE/target/benchmark.classpath"
"$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -pl "$MODULE" -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$(cat "$CP_FILE")"
for m in model transforms pipelines; do
  CP="$ROOT/$m/target/test-classes:$ROOT/$m/target/classes:$CP"
done
exec java ${BENCH_JAVA_OPTS:--Xmx10g} -Dai.djl.offline=true -cp "$CP" "$MAIN" "$@"

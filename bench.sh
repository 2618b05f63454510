#!/usr/bin/env bash
# Runs Ferry's benchmarks and rewrites the generated section of BENCHMARKS.md.
#   ./bench.sh                      # every scenario, 5 s per load step
#   ./bench.sh --duration 10        # longer steps
#   ./bench.sh --only submit,poll   # some scenarios (submit, poll, sync, e2e, inflight)
# Any BenchMain option may be given (see bench/src/main/java/dev/ferry/bench/BenchOptions.java).
# FERRY_BENCH_SKIP_BUILD=1 skips the Maven build; FERRY_BENCH_JAVA_OPTS adds JVM options (e.g. JFR).
set -euo pipefail
cd "$(dirname "$0")"

classpath_file="$PWD/bench/target/classpath.txt"
if [[ "${FERRY_BENCH_SKIP_BUILD:-0}" != "1" || ! -f "$classpath_file" ]]; then
  echo "bench.sh: building (mvn -o install -DskipTests)..."
  mvn -B -o -q install -DskipTests
  mvn -B -o -q dependency:build-classpath -pl bench -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime
fi

# shellcheck source=scripts/classpath-snapshot.sh
source scripts/classpath-snapshot.sh
snapshot="$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench-classpath.XXXXXX")"
trap 'rm -rf "$snapshot"' EXIT
classpath="$(snapshot_classpath bench/target/classes "$classpath_file" "$snapshot")"

args=("$@")
if [[ ! " ${args[*]:-} " =~ " --output " ]]; then
  args+=(--output BENCHMARKS.md)
fi

echo "bench.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
status=0
# shellcheck disable=SC2086
java -Xms1g -Xmx4g -XX:+UseG1GC -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 ${FERRY_BENCH_JAVA_OPTS:-} -cp "$classpath" dev.ferry.bench.BenchMain "${args[@]}" \
  || status=$?
exit "$status"

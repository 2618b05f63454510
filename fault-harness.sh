#!/usr/bin/env bash
# Kills Ferry's processes under load and audits every job. Each mode rewrites only its own section of RELIABILITY.md
# (between <!-- name:begin --> and <!-- name:end --> markers) and leaves the others' alone.
#   ./fault-harness.sh                                   # scenarios a, b, c; 30 s of load at 20 jobs/s each
#   ./fault-harness.sh --scenarios a --load-seconds 10   # one scenario, shorter
#   ./fault-harness.sh --webhooks                        # webhook delivery: w1 kill -9 mid-delivery, w2 endpoint down
#                                                        # for 60 s
#   ./fault-harness.sh --batch [--scenarios ba,bb,bc] [--lines N] [--output FILE]   # batches under kill -9
# Options: --scenarios a,b,c (worker-kill, gateway-kill, broker-kill), --load-seconds N, --rate R,
#          --work-dir DIR (logs and data; default fault-harness/target/fault-harness), --output FILE.
# FERRY_FAULT_HARNESS_SKIP_BUILD=1 skips the Maven build. Exit status: 0 all invariants held, 1 one failed.
set -euo pipefail
cd "$(dirname "$0")"

classpath_file="$PWD/fault-harness/target/classpath.txt"
if [[ "${FERRY_FAULT_HARNESS_SKIP_BUILD:-0}" != "1" || ! -f "$classpath_file" ]]; then
  echo "fault-harness.sh: building (mvn -o install -DskipTests)..."
  mvn -B -o -q install -DskipTests -pl core,events,tokens,mock-provider,providers,embedded-kafka,test-support,state-store,worker,ingress,webhooks,batch,cli,app,fault-harness
  mvn -B -o -q dependency:build-classpath -pl fault-harness -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime
fi

# shellcheck source=scripts/classpath-snapshot.sh
source scripts/classpath-snapshot.sh
snapshot="$(mktemp -d "${TMPDIR:-/tmp}/ferry-fault-harness.XXXXXX")"
work_dir="$PWD/fault-harness/target/fault-harness"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--work-dir" && $((i + 1)) -lt ${#args[@]} ]]; then work_dir="${args[$((i + 1))]}"; fi
done
cleanup() {
  # the harness kills its children itself; this is for a harness JVM that was itself killed
  if [[ -f "$work_dir/pids" ]]; then
    while read -r pid name; do
      if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$snapshot"; then
        echo "fault-harness.sh: killing leftover $name ($pid)"
        kill -9 "$pid" 2>/dev/null || true
      fi
    done < "$work_dir/pids"
  fi
  rm -rf "$snapshot"
}
trap cleanup EXIT
classpath="$(snapshot_classpath fault-harness/target/classes "$classpath_file" "$snapshot")"

status=0
main=dev.ferry.faultharness.FaultHarnessMain
if [[ "${args[0]:-}" == "--webhooks" ]]; then
  # WebhookHarnessMain writes its own section of RELIABILITY.md, in fault-harness/target/webhook-harness
  main=dev.ferry.faultharness.WebhookHarnessMain
  args=("${args[@]:1}")
  work_dir="$PWD/fault-harness/target/webhook-harness"
elif [[ "${args[0]:-}" == "--batch" ]]; then
  # the batch scenarios write their section of RELIABILITY.md (or of --output FILE)
  main=dev.ferry.faultharness.BatchFaultHarness
  args=("${args[@]:1}")
fi
# FaultHarnessMain writes its section of RELIABILITY.md and uses fault-harness/target/fault-harness unless told otherwise
java -Xmx384m -XX:+UseSerialGC -cp "$classpath" "$main" ${args[@]+"${args[@]}"} || status=$?
exit "$status"

#!/usr/bin/env bash
# Runs the issue-16 interactive benchmark alone (the other harnesses skipped): bare Spark Connect vs the enforced warm
# engine, side by side in one run (docs/benchmarks.md, "Issue 16: interactive workspaces"). Builds the job runtime's
# class path first (compute-jobs/target/runtime-classpath.txt), which the controller's engines and the bare server use.
# Usage: scripts/interactive-benchmark.sh [both|bare|enforced] [extra maven -D options, e.g. -Dbench.interactive.trials=50]
set -euo pipefail
cd "$(dirname "$0")/.."
sides=${1:-both}
shift || true
case "$sides" in
  both|bare|enforced) ;;
  *) echo "usage: $0 [both|bare|enforced] [-Dbench.interactive...]" >&2; exit 2 ;;
esac
if [ -d /usr/lib/jvm/java-17-openjdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
echo "[interactive] building the controller jar and the job runtime (mvn -o -q -pl compute-jobs,sandbox-controller -am package -DskipTests) ..."
mvn -o -q -B -pl compute-jobs,sandbox-controller -am package -DskipTests
exec mvn -o -B -Pbench -pl benchmarks -am process-classes \
  -Dbench.audit.skip=true -Dbench.policy.skip=true -Dbench.enforcement.skip=true -Dbench.capture.skip=true \
  -Dbench.lineage.skip=true -Dbench.flight.skip=true -Dbench.durable.skip=true -Dbench.rawvalues.skip=true \
  -Dbench.interactive.skip=false -Dbench.interactive.sides="$sides" \
  -Dbench.controller.jar="$PWD/sandbox-controller/target/sandbox-controller-0.1.0-SNAPSHOT.jar" "$@"

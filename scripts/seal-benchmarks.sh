#!/usr/bin/env bash
# Runs the issue-14 benchmarks alone (the other harnesses skipped): crash durability and/or the mixed load, each against
# the controller in a child JVM (docs/benchmarks.md, "Issue 14: seal and durability").
# Usage: scripts/seal-benchmarks.sh crash|load|both [extra maven -D options, e.g. -Dbench.crash.seed=7 -Dbench.load.db=postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
shift || true
crash=true; load=true
case "$which" in
  crash) crash=false ;;
  load) load=false ;;
  both) crash=false; load=false ;;
  *) echo "usage: $0 crash|load|both [-Dbench...]" >&2; exit 2 ;;
esac
exec mvn -B -Pbench -pl benchmarks -am process-classes \
  -Dbench.audit.skip=true -Dbench.policy.skip=true -Dbench.enforcement.skip=true -Dbench.capture.skip=true \
  -Dbench.lineage.skip=true -Dbench.flight.skip=true -Dbench.durable.skip=true -Dbench.rawvalues.skip=true \
  -Dbench.crash.skip=$crash -Dbench.load.skip=$load "$@"

#!/usr/bin/env bash
# Starts the controller on embedded defaults: H2 file database under ./shuyu-data, the built-in development
# issuer with demo users, the demo catalog; no external server. PORT=8081 ./run-embedded.sh picks the port.
set -euo pipefail
cd "$(dirname "$0")"
if [ -d /usr/lib/jvm/java-17-openjdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
jar=sandbox-controller/target/sandbox-controller-0.1.0-SNAPSHOT.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml sandbox-controller/pom.xml sandbox-controller/src -newer "$jar" -print -quit)" ]; then
  echo "Building the controller (mvn -B -q -pl sandbox-controller -am package -DskipTests) ..."
  mvn -B -q -pl sandbox-controller -am package -DskipTests
fi
exec java -jar "$jar" "$@"

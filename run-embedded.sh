#!/usr/bin/env bash
# Starts the controller on embedded defaults: H2 file database under ./shuyu-data, the built-in development
# issuer with demo users, the demo catalog, the web console at http://127.0.0.1:8080/; no external server. PORT=8081 ./run-embedded.sh picks the port.
set -euo pipefail
cd "$(dirname "$0")"
if [ -d /usr/lib/jvm/java-17-openjdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
jar=sandbox-controller/target/sandbox-controller-0.1.0-SNAPSHOT.jar
runtime=compute-jobs/target/runtime-classpath.txt
# The controller, and the enforced Spark job runtime its jobs run in (separate JVMs, found through $runtime).
if [ ! -f "$jar" ] || [ ! -f "$runtime" ] || [ -n "$(find pom.xml */pom.xml policy/src compute-jobs/src sandbox-controller/src \
    console/src console/index.html console/package.json api/openapi.yaml -newer "$jar" -print -quit)" ]; then
  echo "Building the controller and the job runtime (mvn -B -q -pl sandbox-controller,compute-jobs -am package -DskipTests) ..."
  mvn -B -q -pl sandbox-controller,compute-jobs -am package -DskipTests
fi
exec java --add-opens=java.base/java.nio=ALL-UNNAMED -jar "$jar" "$@"

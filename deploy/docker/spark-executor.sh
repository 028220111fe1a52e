#!/bin/bash
# The Spark executor of a job or workspace engine on Kubernetes (docs/kubernetes.md, "Executors"): the command of the
# executor pod template the controller renders. Spark's Kubernetes scheduler starts the pod with the argument
# "executor" and its settings in the environment (SPARK_DRIVER_URL, SPARK_EXECUTOR_ID, ..., and the JVM options the
# driver decided, SPARK_JAVA_OPT_0..n in order); this runs the executor backend from the same jars as the driver.
# No secret is in this environment: executors run the plan the driver already checked and masked.
set -euo pipefail
if [ "${1:-}" != "executor" ]; then
  echo "usage: spark-executor executor (started by Spark's Kubernetes scheduler)" >&2
  exit 64
fi
opts=()
for i in $(env | sed -n 's/^SPARK_JAVA_OPT_\([0-9]*\)=.*/\1/p' | sort -n); do
  name="SPARK_JAVA_OPT_${i}"
  opts+=("${!name}")
done
exec java "${opts[@]}" -Xms"${SPARK_EXECUTOR_MEMORY}" -Xmx"${SPARK_EXECUTOR_MEMORY}" -XX:+ExitOnOutOfMemoryError \
  -Djava.io.tmpdir=/tmp -cp '/opt/shuyu/lib/*' org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
  --driver-url "${SPARK_DRIVER_URL}" --executor-id "${SPARK_EXECUTOR_ID}" --cores "${SPARK_EXECUTOR_CORES}" \
  --app-id "${SPARK_APPLICATION_ID}" --hostname "${SPARK_EXECUTOR_POD_IP}" \
  --resourceProfileId "${SPARK_RESOURCE_PROFILE_ID}" --podName "${SPARK_EXECUTOR_POD_NAME}"

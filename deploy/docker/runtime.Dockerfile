# The Shuyu job runtime image (compute-jobs: Spark 4.2 with the Ranger enforcement extension), run by the Kubernetes
# launcher as each job's driver pod (and, with executors, as its executor pods: /opt/shuyu/bin/spark-executor): java ... -cp '/opt/shuyu/lib/*' org.shuyu.jobs.JobMain /etc/shuyu/job/runtime.json
# Build the jars first, from the repository root:
#   mvn -B -pl compute-jobs -am package -DskipTests
#   mvn -B -pl compute-jobs dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib
#   docker build -f deploy/docker/runtime.Dockerfile -t shuyu/runtime:0.1.0 .
# Non-root (the pod's runAsUser 10001), and nothing is written outside the pod's volumes: /tmp (Spark's scratch),
# /shuyu/out (status), the workspace volume; the root file system is read-only in the pod.
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 shuyu \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin shuyu \
 && mkdir -p /opt/shuyu/lib /shuyu/out /workspace /etc/shuyu/job

COPY --chown=0:0 compute-jobs/target/lib/ /opt/shuyu/lib/
COPY --chown=0:0 compute-jobs/target/compute-jobs-*-SNAPSHOT.jar /opt/shuyu/lib/
# Executor pods (docs/kubernetes.md, "Executors") run this with the argument "executor".
COPY --chown=0:0 --chmod=0755 deploy/docker/spark-executor.sh /opt/shuyu/bin/spark-executor

USER 10001:10001
WORKDIR /tmp
ENV HOME=/tmp \
    SPARK_LOCAL_IP=127.0.0.1
ENTRYPOINT []
CMD ["java", "-version"]

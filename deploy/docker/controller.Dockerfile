# The Shuyu controller image. Build the jar first, from the repository root:
#   mvn -B -pl sandbox-controller -am package -DskipTests
#   docker build -f deploy/docker/controller.Dockerfile -t shuyu/controller:0.1.0 .
# It runs as a numeric non-root user and writes only to mounted volumes (/tmp, /var/lib/shuyu), so the Helm chart can
# make its root file system read-only. No configuration or secret is baked in: the chart provides both.
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 shuyu \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin shuyu \
 && mkdir -p /opt/shuyu /var/lib/shuyu \
 && chown 10001:10001 /var/lib/shuyu

COPY --chown=0:0 sandbox-controller/target/sandbox-controller-*-SNAPSHOT.jar /opt/shuyu/controller.jar

USER 10001:10001
WORKDIR /var/lib/shuyu
ENV SPRING_PROFILES_ACTIVE=prod \
    SHUYU_DATA_DIR=/var/lib/shuyu \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
EXPOSE 8080
ENTRYPOINT ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", "/opt/shuyu/controller.jar"]

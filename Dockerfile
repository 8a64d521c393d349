# syntax=docker/dockerfile:1
# Warden's container image: the shaded jar (daemon/target/warden.jar, as ./warden builds it) on a JRE.
# docker-compose.yml builds it for the tour; `docker build -t warden .` works on its own too.

# ---- build: Maven and a JDK 17 compile the daemon and the modules it depends on, tests skipped
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dstyle.color=never -DskipTests -pl daemon -am package \
 && cp daemon/target/warden.jar /warden.jar

# ---- run: a JRE, an unprivileged user, the jar
FROM eclipse-temurin:17-jre
RUN groupadd --system warden && useradd --system --gid warden --home-dir /var/lib/warden warden \
 && mkdir -p /var/lib/warden /etc/warden && chown warden:warden /var/lib/warden
COPY --from=build /warden.jar /opt/warden/warden.jar
COPY --from=build /src/daemon/src/main/cds/warden.classlist /opt/warden/warden.classlist
# Class-data sharing (scripts/cds-archive): the classes a running daemon loads, dumped once for this
# JRE and jar; start-up to ready takes about half the time. If the dump fails the image still works:
# java ignores a missing archive.
RUN java -Xshare:dump -XX:SharedClassListFile=/opt/warden/warden.classlist \
        -XX:SharedArchiveFile=/opt/warden/warden.jsa -cp /opt/warden/warden.jar >/dev/null 2>&1 \
    || rm -f /opt/warden/warden.jsa
USER warden
# server.data_dir's default: the embedded PostgreSQL, dumps and logs go here.
ENV WARDEN_HOME=/var/lib/warden
# The launcher's memory settings (./warden says why; BENCHMARKS.md, "memory", has the measurements).
ENV MALLOC_ARENA_MAX=2
# 9746: the HTTP API; 5701: the cluster member, when cluster.enabled (deploy/kubernetes/warden.yaml).
EXPOSE 9746 5701
# JVM flags (one line, add yours here): class-data sharing, C1 only, then the launcher's memory settings.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/warden/warden.jsa", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms16m", "-XX:-ShrinkHeapInSteps", "-XX:MaxNewSize=16m", "-jar", "/opt/warden/warden.jar"]
CMD ["run", "--config", "/etc/warden/warden.yaml"]

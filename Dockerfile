# SecureVOX Call: the server jar on a JRE 25, as a non-root user. docs/deploy.md.
#   docker build -t securevox-call .
#   docker run -p 8002:8002 -e SECUREVOX_CALL_JWT_SECRET=… -e SECUREVOX_CALL_API_KEY=… securevox-call
# The build stage runs exactly what `make build` runs (DeployFilesTest checks it), so the image holds the jar that
# `make test` tested.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY sdk/js/securevox-call.js sdk/js/securevox-call.js
COPY src/main src/main
RUN ./mvnw -B -ntp -q -DskipTests package
# The flags we ship, minus the fixed heap: in a container the heap follows the memory limit instead.
COPY deploy/jvm.options deploy/jvm.options
RUN grep -v -e '^-Xms' -e '^-Xmx' deploy/jvm.options > target/jvm-container.options \
 && printf '%s\n' '-XX:InitialRAMPercentage=25' '-XX:MaxRAMPercentage=75' >> target/jvm-container.options

# The AOT cache (docs/deploy.md "The AOT cache"), trained as `make build` trains it, but here: the JVM checks the
# cache against the Java runtime that uses it (its version and modules image: this JRE, not the JDK above) and its
# flags (the container's options, applied by the same launcher), and the launcher uses it only beside the jar it was
# trained with. So this stage is the runtime image plus Node.js for the trainer, with the files at their final paths;
# the runtime stage copies them.
FROM eclipse-temurin:25-jre AS train
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/securevox-call.jar /opt/securevox-call/securevox-call.jar
COPY --from=build /src/target/jvm-container.options /opt/securevox-call/jvm.options
COPY bin/securevox-call /opt/securevox-call/bin/securevox-call
COPY bench/package.json bench/package-lock.json bench/aot-train.mjs bench/sdp.mjs /train/
RUN cd /train && npm ci --no-audit --no-fund --loglevel=error \
 && node aot-train.mjs --launcher /opt/securevox-call/bin/securevox-call --jar /opt/securevox-call/securevox-call.jar

# The Ubuntu-based JRE, not Alpine: Netty's native epoll transport is built against glibc.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 securevox \
 && useradd --system --uid 10001 --gid securevox --home-dir /var/lib/securevox-call --shell /usr/sbin/nologin securevox \
 && install -d -o securevox -g securevox -m 0700 /var/lib/securevox-call
COPY --from=train /opt/securevox-call /opt/securevox-call
COPY bin/securevox-call /opt/securevox-call/bin/securevox-call
ENV SECUREVOX_CALL_ENV=production \
    SECUREVOX_CALL_HOST=0.0.0.0 \
    SECUREVOX_CALL_PORT=8002 \
    SECUREVOX_CALL_DATA_DIR=/var/lib/securevox-call \
    SECUREVOX_CALL_LOG_FORMAT=json
USER securevox
WORKDIR /var/lib/securevox-call
VOLUME /var/lib/securevox-call
EXPOSE 8002
# No curl in the image: bash asks /health over a plain TCP socket (with in-process TLS, use the orchestrator's probe).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SECUREVOX_CALL_PORT} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
# The launcher applies jvm.options (the container's) and execs Java, so Java is PID 1: it gets docker stop's SIGTERM
# and drains (SECUREVOX_CALL_DRAIN_TIMEOUT); give it longer than that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/securevox-call/bin/securevox-call"]

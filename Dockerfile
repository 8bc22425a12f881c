# Build: a Maven image compiles the fat jar; run: a JRE image, as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY conf ./conf
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK; nothing else is added to the image
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app parsec \
 && mkdir -p /app/data && chown -R parsec /app
WORKDIR /app
COPY --from=build /src/target/parsec.jar /app/parsec.jar
COPY conf /app/conf
USER parsec
VOLUME /app/data
EXPOSE 1337 5701
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:1337/health || exit 1
# exec so that SIGTERM reaches the JVM, which drains requests and leaves the cluster before exiting 0
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/parsec.jar \"$@\"", "parsec"]

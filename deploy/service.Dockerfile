# The radio4j service as a container image. Build the application first, from the repository root:
#   ./mvnw -B package -DskipTests -pl quarkus-app -am
#   docker build -f deploy/service.Dockerfile -t radio4j/service:0.1.0 .
FROM eclipse-temurin:25-jre
WORKDIR /opt/radio4j
COPY quarkus-app/target/quarkus-app/ ./
# libturbojpeg speeds up JPEG decoding (radio-core finds it through FFM; optional).
RUN apt-get update && apt-get install -y --no-install-recommends libturbojpeg0 && rm -rf /var/lib/apt/lists/*
EXPOSE 8080
USER 10001
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", \
            "-XX:MaxRAMPercentage=75", "-jar", "quarkus-run.jar"]

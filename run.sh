#!/usr/bin/env bash
# Builds radio4j and starts the service on http://localhost:8080 with the embedded CPU backend
# (ONNX Runtime, the tiny stand-in models). Extra arguments go to the JVM, e.g. -Dquarkus.http.port=9090.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh
./mvnw -B -ntp -q install -DskipTests -pl quarkus-app -am
exec java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED "$@" -jar quarkus-app/target/quarkus-app/quarkus-run.jar

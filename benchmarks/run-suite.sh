#!/usr/bin/env bash
# The whole CPU-side benchmark suite on this machine (embedded backend, no GPU), then a refresh of
# benchmarks/README.md from the fresh results. Budget: under 15 minutes on 2 cores.
#
# Usage: benchmarks/run-suite.sh [--no-build] [--quick]
#   --no-build  use the jars already built (benchmarks/target, quarkus-app/target)
#   --quick     shorter measurements everywhere (a smoke run; numbers are rougher)
#
# Steps (each prints its command; a step whose prerequisite is missing is skipped and says so):
#   1. build the benchmarks jar (and the service, for the service-vs-library comparison)
#   2. preprocessing side by side with Pillow (image section's own tool)
#   3. JMH: every benchmark in the jar, short settings, JSON into benchmarks/results/
#   4. per-core preprocessing throughput per input mode (CPU time), for the cores-per-GPU report
#   5. service vs library over POST /v1/embeddings (service section's own tool; needs the service jar)
#   6. load generator: closed-loop and open-loop sweeps of the embedded KServe server
#   7. README refresh: JMH tables, load-generator and cores-per-GPU sections, machine and commands
set -euo pipefail

build=yes
quick=no
for arg in "$@"; do
  case "$arg" in
    --no-build) build=no ;;
    --quick) quick=yes ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run-suite.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
source scripts/java-home.sh

started=$(date +%s)
results=benchmarks/results
images=benchmarks/target/preprocess-images
mkdir -p "$results"
log() { printf '\n== %s (%ds)\n' "$*" "$(( $(date +%s) - started ))"; }
run() { printf '+ %s\n' "$*" >&2; "$@"; }

if [ "$build" = yes ]; then
  log "build"
  run ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
  # The service is optional: the comparison is skipped if it does not build.
  run ./mvnw -B -ntp -q -pl quarkus-app -am package -DskipTests || echo "service build failed: service comparison will be skipped"
fi
jar=$(ls benchmarks/target/benchmarks-*.jar | grep -v -e sources -e tests | head -n 1)
java_flags=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Djava.awt.headless=true)
bench=(java "${java_flags[@]}" -jar "$jar")
cp_run=(java "${java_flags[@]}" -cp "$jar")

if [ "$quick" = yes ]; then
  side_seconds=0.5; jmh_time=(-wi 1 -w 500ms -i 1 -r 500ms); service_args=(--seconds 1 --concurrency 1,8 --warmup 10)
  load_args=(--concurrency-range 1:4:3 --seconds-per-level 1 --requests-per-level 500)
  rate_args=(--request-rate-range 100:200:100 --seconds-per-level 1 --requests-per-level 500)
  per_core_args=(--warmup-seconds 0.5 --measure-seconds 0.5)
else
  side_seconds=1; jmh_time=(-wi 1 -w 1s -i 3 -r 1s); service_args=()  # the service section's own defaults (levels 1..64)
  load_args=(--concurrency-range 1:8:1 --seconds-per-level 3 --requests-per-level 5000)
  rate_args=(--request-rate-range 100:700:100 --seconds-per-level 3 --requests-per-level 5000)
  per_core_args=(--warmup-seconds 2 --measure-seconds 3)
fi

log "preprocessing side by side with Pillow"
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import PIL, numpy' 2>/dev/null; then
  # Pinned to one core, as the preprocessing section's own reproduce command is, so its ratios compare.
  pin=()
  command -v taskset >/dev/null 2>&1 && pin=(taskset -c 1)
  run "${pin[@]}" "${cp_run[@]}" io.radio4j.benchmarks.image.PreprocessSideBySide "$images" "$side_seconds" /usr/bin/python3 \
    > "$results/preprocessing-side-by-side.md" || echo "side-by-side failed: its table is not refreshed"
else
  echo "skipped: /usr/bin/python3 with Pillow and numpy is needed"
fi

log "JMH"
rm -f "$results"/jmh*.json
# PreprocessBenchmark reads the side-by-side's JPEGs; its 'images' parameter is a folder, while
# other benchmarks use the same name for a count, so it runs on its own.
if [ -d "$images" ]; then
  run "${bench[@]}" jmh PreprocessBenchmark -f 1 "${jmh_time[@]}" -p images="$images" -rf json -rff "$results/jmh-preprocessing.json"
fi
run "${bench[@]}" jmh -e PreprocessBenchmark -f 1 "${jmh_time[@]}" -rf json -rff "$results/jmh.json"

log "cores per GPU: per-core preprocessing throughput (CPU time)"
rm -f "$results/per-core.csv"
run "${bench[@]}" cores-per-gpu --measure "${per_core_args[@]}" --save "$results/per-core.csv" --markdown "$results/cores-per-gpu.md"

log "service vs library"
if [ -f quarkus-app/target/quarkus-app/quarkus-run.jar ]; then
  run "${cp_run[@]}" io.radio4j.benchmarks.service.ServiceBenchmark --readme benchmarks/README.md "${service_args[@]}" \
    || echo "service comparison failed: its section is not refreshed"
else
  echo "skipped: quarkus-app/target/quarkus-app/quarkus-run.jar is not built"
fi

log "load generator"
title="embedded KServe server, radio_clip_vision (tiny), loopback"
closed_cmd=(load --embedded --model radio_clip_vision --batch 1 "${load_args[@]}" --warmup-requests 50
  --csv "$results/load-embedded.csv" --title "$title" --no-progress)
open_cmd=(load --embedded --model radio_clip_vision --batch 1 "${rate_args[@]}" --warmup-requests 50
  --csv "$results/load-embedded-rate.csv" --title "$title" --no-progress)
plot_cmd=(plot --title "$title" --out "$results/load-embedded.png" --label "closed loop" --label "open loop"
  "$results/load-embedded.csv" "$results/load-embedded-rate.csv")
run "${bench[@]}" "${closed_cmd[@]}"
run "${bench[@]}" "${open_cmd[@]}"
run "${bench[@]}" "${plot_cmd[@]}"
quoted() {
  printf 'java -jar benchmarks/target/benchmarks-*.jar'
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then printf ' %s' "$a"; else printf " '%s'" "$a"; fi
  done
  printf '\n'
}
{ quoted "${closed_cmd[@]}"; quoted "${open_cmd[@]}"; quoted "${plot_cmd[@]}"; } > "$results/load-embedded.command"

log "README"
run "${bench[@]}" readme --readme benchmarks/README.md --results "$results" --suite-seconds "$(( $(date +%s) - started ))"
log "done"

package io.radio4j.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads JMH's JSON result file ({@code -rf json}): one {@link Result} per benchmark and parameter
 * combination. Stateless.
 */
public final class JmhResults {

    private JmhResults() {}

    /**
     * One JMH result.
     *
     * @param benchmark fully qualified {@code Class.method}
     * @param mode thrpt, avgt, sample, ss
     * @param threads benchmark threads
     * @param params parameter values, in file order
     * @param score primary metric
     * @param error its error (99.9 % half-width; NaN with too few iterations)
     * @param unit e.g. ops/s, us/op
     * @param secondary secondary metrics (e.g. {@code @AuxCounters}) as name → "score unit"
     */
    public record Result(
            String benchmark,
            String mode,
            int threads,
            Map<String, String> params,
            double score,
            double error,
            String unit,
            Map<String, String> secondary) {
        /** Copies the maps. */
        public Result {
            Objects.requireNonNull(benchmark, "benchmark");
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
            secondary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(secondary));
        }

        /** A result without secondary metrics. */
        public Result(
                String benchmark,
                String mode,
                int threads,
                Map<String, String> params,
                double score,
                double error,
                String unit) {
            this(benchmark, mode, threads, params, score, error, unit, Map.of());
        }

        /** The class's simple name and the method, e.g. {@code PreprocessPerCoreBenchmark.preprocess}. */
        public String shortName() {
            String[] parts = benchmark.split("\\.");
            return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
        }

        /** The package relative to {@code io.radio4j.benchmarks}, e.g. {@code gpu}. */
        public String area() {
            String prefix = "io.radio4j.benchmarks.";
            if (!benchmark.startsWith(prefix)) {
                return "";
            }
            String rest = benchmark.substring(prefix.length());
            int dot = rest.indexOf('.');
            return dot < 0 ? "" : rest.substring(0, dot);
        }

        /** Parameters as {@code a=1, b=x}; file-path parameters (inputs, not variables) are left out. */
        public String paramText() {
            StringBuilder text = new StringBuilder();
            params.forEach((k, v) -> {
                if (!v.contains("/")) {
                    text.append(text.isEmpty() ? "" : ", ")
                            .append(k)
                            .append('=')
                            .append(v);
                }
            });
            return text.toString();
        }

        /** {@code score ± error unit}, 3 significant figures or so. */
        public String scoreText() {
            String s = format(score);
            return (Double.isNaN(error) ? s : s + " ± " + format(error)) + " " + unit;
        }

        static String format(double v) {
            double a = Math.abs(v);
            return a >= 100
                    ? String.format(Locale.ROOT, "%,.0f", v)
                    : a >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4f", v);
        }
    }

    /**
     * Reads a JMH JSON file.
     *
     * @throws IllegalArgumentException naming the file if it is not a JMH result array
     * @throws IOException if it cannot be read
     */
    public static List<Result> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": not a JMH JSON result (expected an array)");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode node : root) {
            JsonNode metric = node.get("primaryMetric");
            if (metric == null || !node.has("benchmark")) {
                throw new IllegalArgumentException(file + ": entry without benchmark/primaryMetric");
            }
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode p = node.get("params");
            if (p != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode error = metric.get("scoreError");
            Map<String, String> secondary = new LinkedHashMap<>();
            JsonNode more = node.get("secondaryMetrics");
            if (more != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = more.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    // gc.* and similar profiler outputs would swamp the table; keep the benchmark's own counters.
                    if (!e.getKey().contains(".") && e.getValue().has("score")) {
                        secondary.put(
                                e.getKey(),
                                Result.format(e.getValue().get("score").asDouble()) + " "
                                        + e.getValue().path("scoreUnit").asText());
                    }
                }
            }
            results.add(new Result(
                    node.get("benchmark").asText(),
                    node.path("mode").asText(),
                    node.path("threads").asInt(1),
                    params,
                    metric.get("score").asDouble(),
                    error == null || !error.isNumber() ? Double.NaN : error.asDouble(),
                    metric.path("scoreUnit").asText(),
                    secondary));
        }
        return results;
    }

    /** A Markdown table of results: benchmark, parameters, mode, threads, score, and secondary metrics if any. */
    public static String markdownTable(List<Result> results) {
        boolean secondary = results.stream().anyMatch(r -> !r.secondary().isEmpty());
        StringBuilder md = new StringBuilder("| benchmark | parameters | mode | threads | score |")
                .append(
                        secondary
                                ? " secondary metrics |\n|---|---|---|---:|---:|---|\n"
                                : "\n|---|---|---|---:|---:|\n");
        for (Result r : results) {
            md.append("| ")
                    .append(r.shortName())
                    .append(" | ")
                    .append(r.paramText())
                    .append(" | ")
                    .append(r.mode())
                    .append(" | ")
                    .append(r.threads())
                    .append(" | ")
                    .append(r.scoreText())
                    .append(" |");
            if (secondary) {
                StringBuilder more = new StringBuilder();
                r.secondary()
                        .forEach((k, v) -> more.append(more.isEmpty() ? "" : ", ")
                                .append(k)
                                .append(' ')
                                .append(v));
                md.append(' ').append(more).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The results of one area (package under {@code io.radio4j.benchmarks}), in file order. */
    public static List<Result> ofArea(List<Result> results, String area) {
        return results.stream().filter(r -> r.area().equals(area)).toList();
    }
}

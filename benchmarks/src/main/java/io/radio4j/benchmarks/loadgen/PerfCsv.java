package io.radio4j.benchmarks.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * perf_analyzer's {@code -f} CSV, written by the load generator and read back from either tool.
 *
 * <p>Written columns, in perf_analyzer's order and spelling (perf_analyzer {@code src/report_writer.cc}):
 * {@code Concurrency} or {@code Request Rate}, {@code Inferences/Second}, {@code Client Send},
 * {@code Network+Server Send/Recv}, {@code Client Recv}, {@code p50 latency}, {@code p90 latency},
 * {@code p95 latency}, {@code p99 latency}, then {@code Avg latency} (its {@code --verbose-csv}
 * column) and {@code Errors} (ours). Times are microseconds; rows are sorted by increasing
 * Inferences/Second, as perf_analyzer sorts them. The server-side columns are written when the
 * server reports Triton's statistics and left out otherwise, as perf_analyzer does. The load generator does not
 * time serialization apart from the call, so Client Send and Client Recv are 0 and the whole call is
 * in Network+Server Send/Recv.
 *
 * <p>Stateless and thread-safe.
 */
public final class PerfCsv {

    /** perf_analyzer's server-side columns, written when the server reports statistics. */
    public static final List<String> SERVER_COLUMNS =
            List.of("Server Queue", "Server Compute Input", "Server Compute Infer", "Server Compute Output");

    /** The columns after the first, as written without server statistics. */
    public static final List<String> COLUMNS = List.of(
            "Inferences/Second",
            "Client Send",
            "Network+Server Send/Recv",
            "Client Recv",
            "p50 latency",
            "p90 latency",
            "p95 latency",
            "p99 latency",
            "Avg latency",
            "Errors");

    private PerfCsv() {}

    /**
     * One row read back: what the plots and tables need, from our CSV or perf_analyzer's.
     *
     * @param mode which sweep the first column names
     * @param level concurrency or request rate
     * @param inferencesPerSecond throughput
     * @param p50 median latency, µs
     * @param p99 99th percentile latency, µs
     * @param errors failed requests (0 when the file has no Errors column)
     * @param serverQueue average server queue time, µs, or -1 without server columns
     * @param serverComputeInfer average server execution time, µs, or -1 without server columns
     */
    public record Row(
            LoadMode mode,
            double level,
            double inferencesPerSecond,
            long p50,
            long p99,
            long errors,
            long serverQueue,
            long serverComputeInfer) {

        /** A row without server columns. */
        public Row(LoadMode mode, double level, double inferencesPerSecond, long p50, long p99, long errors) {
            this(mode, level, inferencesPerSecond, p50, p99, errors, -1, -1);
        }

        /** Whether the file had perf_analyzer's server columns. */
        public boolean hasServerTimes() {
            return serverQueue >= 0 && serverComputeInfer >= 0;
        }
    }

    /** The CSV text of the points, sorted as perf_analyzer sorts them, without server columns. */
    public static String format(List<SweepPoint> points) {
        return formatLevels(points.stream().map(p -> new Level(p, null)).toList());
    }

    /**
     * One measured level and, when the server reported statistics, its server-side times.
     *
     * @param point the client-side measurement
     * @param server the server's times, or null
     */
    public record Level(SweepPoint point, ServerTimes server) {
        /** @throws NullPointerException if point is null */
        public Level {
            java.util.Objects.requireNonNull(point, "point");
        }
    }

    /**
     * The CSV text of the levels, sorted as perf_analyzer sorts them. When every level has server
     * times, perf_analyzer's {@code Server Queue}, {@code Server Compute Input}, {@code Server Compute
     * Infer} and {@code Server Compute Output} columns come after {@code Network+Server Send/Recv},
     * which then holds the average latency minus the server's share (never below 0).
     *
     * @throws IllegalArgumentException if there are no levels or they mix sweep kinds
     */
    public static String formatLevels(List<Level> levels) {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("no sweep points to write");
        }
        LoadMode mode = levels.get(0).point().mode();
        boolean server = levels.stream().allMatch(l -> l.server() != null);
        List<String> columns = new ArrayList<>(COLUMNS);
        if (server) {
            columns.addAll(3, SERVER_COLUMNS);
        }
        StringBuilder csv = new StringBuilder(mode.column())
                .append(',')
                .append(String.join(",", columns))
                .append('\n');
        levels.stream()
                .sorted(Comparator.comparingDouble(l -> l.point().inferencesPerSecond()))
                .forEach(level -> {
                    SweepPoint p = level.point();
                    if (p.mode() != mode) {
                        throw new IllegalArgumentException(
                                "one CSV holds one kind of sweep, got " + mode + " and " + p.mode());
                    }
                    csv.append(level(p.level()))
                            .append(',')
                            .append(String.format(Locale.ROOT, "%.2f", p.inferencesPerSecond()))
                            .append(",0,");
                    if (server) {
                        ServerTimes t = level.server();
                        csv.append(Math.max(0, p.average() - t.total()))
                                .append(',')
                                .append(t.queue())
                                .append(',')
                                .append(t.computeInput())
                                .append(',')
                                .append(t.computeInfer())
                                .append(',')
                                .append(t.computeOutput());
                    } else {
                        csv.append(p.average());
                    }
                    csv.append(",0,")
                            .append(p.p50())
                            .append(',')
                            .append(p.p90())
                            .append(',')
                            .append(p.p95())
                            .append(',')
                            .append(p.p99())
                            .append(',')
                            .append(p.average())
                            .append(',')
                            .append(p.errors())
                            .append('\n');
                });
        return csv.toString();
    }

    /** Writes {@link #formatLevels(List)} to a file, creating its folder. */
    public static void writeLevels(Path file, List<Level> levels) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, formatLevels(levels), StandardCharsets.UTF_8);
    }

    /** Writes {@link #format(List)} to a file, creating its folder. */
    public static void write(Path file, List<SweepPoint> points) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, format(points), StandardCharsets.UTF_8);
    }

    /**
     * Reads a perf_analyzer-format CSV (ours or perf_analyzer's own).
     *
     * @throws IllegalArgumentException naming the file and the problem if the header lacks a
     *     needed column or a value is not a number
     * @throws IOException if the file cannot be read
     */
    public static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty CSV");
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        LoadMode mode = LoadMode.ofColumn(header.get(0).trim());
        if (mode == null) {
            throw new IllegalArgumentException(
                    file + ": the first column must be Concurrency or Request Rate, got '" + header.get(0) + "'");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.put(header.get(i).trim(), i);
        }
        for (String needed : List.of("Inferences/Second", "p50 latency", "p99 latency")) {
            if (!index.containsKey(needed)) {
                throw new IllegalArgumentException(file + ": no '" + needed + "' column");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int line = 1; line < lines.size(); line++) {
            String[] cells = lines.get(line).split(",", -1);
            try {
                rows.add(new Row(
                        mode,
                        Double.parseDouble(cells[0].trim()),
                        Double.parseDouble(cells[index.get("Inferences/Second")].trim()),
                        Math.round(Double.parseDouble(cells[index.get("p50 latency")].trim())),
                        Math.round(Double.parseDouble(cells[index.get("p99 latency")].trim())),
                        index.containsKey("Errors") ? Long.parseLong(cells[index.get("Errors")].trim()) : 0,
                        index.containsKey("Server Queue")
                                ? Math.round(Double.parseDouble(cells[index.get("Server Queue")].trim()))
                                : -1,
                        index.containsKey("Server Compute Infer")
                                ? Math.round(Double.parseDouble(cells[index.get("Server Compute Infer")].trim()))
                                : -1));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(
                        file + " line " + (line + 1) + ": not a perf_analyzer row: " + lines.get(line), e);
            }
        }
        return rows;
    }

    private static String level(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : String.format(Locale.ROOT, "%.2f", level);
    }
}

package io.radio4j.benchmarks.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.radio4j.core.backend.BackendSpec;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.KServeServer;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.TritonClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code load}: closed-loop concurrency sweeps or open-loop request-rate sweeps against a KServe v2
 * endpoint (Triton, radio4j's embedded server) or a REST endpoint, writing perf_analyzer's CSV and a
 * throughput/latency PNG.
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Sweep concurrency (closed loop) or request rate (open loop) against KServe v2 or REST; write perf_analyzer CSV and a PNG.")
public final class LoadCommand implements Callable<Integer> {

    /** Default of {@code --max-concurrency}. */
    public static final int DEFAULT_MAX_CONCURRENCY = 1_024;

    /** Default of {@code --max-file-bytes}: files are read whole into memory. */
    public static final long DEFAULT_MAX_FILE_BYTES = 512L * 1024 * 1024;

    @Spec
    CommandSpec spec;

    static final class Endpoint {
        @Option(
                names = "--kserve",
                description = "KServe v2 gRPC endpoint HOST:PORT (Triton, or radio4j's KServe server), "
                        + "or several comma-separated replicas, loaded round robin.")
        String kserve;

        @Option(
                names = "--embedded",
                description =
                        "Start radio4j's embedded backend (tiny models, or --embedded-repository) behind its KServe server on loopback, in this JVM, and load it.")
        boolean embedded;

        @Option(names = "--rest", description = "REST endpoint URL, e.g. http://localhost:8080/v1/embeddings.")
        URI rest;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Endpoint endpoint;

    @Option(
            names = "--embedded-repository",
            description =
                    "With --embedded: a model repository folder of ONNX models instead of the tiny stand-in models.")
    Path embeddedRepository;

    @Option(names = "--model", description = "Model name (KServe; for REST it goes into the default body).")
    String model;

    @Option(
            names = "--batch",
            defaultValue = "1",
            description = "Batch size of each KServe request (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--input-data",
            description = "perf_analyzer input-data JSON for KServe requests (default: synthetic data).")
    Path inputData;

    @Option(
            names = "--max-input-entries",
            defaultValue = "" + KServeRequests.DEFAULT_MAX_ENTRIES,
            description =
                    "Most entries read from --input-data; each is a request held in memory (default ${DEFAULT-VALUE}).")
    int maxInputEntries;

    @Option(
            names = "--max-file-bytes",
            defaultValue = "" + DEFAULT_MAX_FILE_BYTES,
            description = "Largest --input-data, --body or --image file read, bytes (default ${DEFAULT-VALUE}).")
    long maxFileBytes;

    @Option(names = "--shape", description = "NAME:D1,D2,... per-item shape for inputs with -1 dims (repeatable).")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--body", description = "REST: the request body file (JSON).")
    Path body;

    @Option(
            names = "--image",
            description = "REST: build an OpenAI-style embeddings body with this image as a data URL.")
    Path image;

    @Option(names = "--text", description = "REST: build an OpenAI-style embeddings body with this text.")
    String text;

    @Option(
            names = "--inputs-per-request",
            defaultValue = "1",
            description = "REST: inputs in the built body (default ${DEFAULT-VALUE}).")
    int inputsPerRequest;

    @Option(names = "--header", description = "REST: extra header NAME:VALUE (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(
            names = "--concurrency-range",
            description = "Closed loop START[:END[:STEP]] (default 1:8:1 unless a rate is given).")
    String concurrencyRange;

    @Option(names = "--request-rate-range", description = "Open loop START[:END[:STEP]] requests/s.")
    String requestRateRange;

    @Option(
            names = "--max-concurrency",
            defaultValue = "" + DEFAULT_MAX_CONCURRENCY,
            description =
                    "Largest concurrency level accepted; each in-flight request is a thread (default ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(
            names = "--request-distribution",
            defaultValue = "CONSTANT",
            description = "CONSTANT or POISSON (default ${DEFAULT-VALUE}).")
    LoadRunner.Distribution distribution;

    @Option(
            names = "--requests-per-level",
            defaultValue = "" + LoadLimits.DEFAULT_REQUESTS_PER_LEVEL,
            description = "Measured requests per level (default ${DEFAULT-VALUE}).")
    long requestsPerLevel;

    @Option(
            names = "--seconds-per-level",
            defaultValue = "10",
            description = "Longest measured phase per level, s (default ${DEFAULT-VALUE}).")
    double secondsPerLevel;

    @Option(
            names = "--warmup-requests",
            defaultValue = "" + LoadLimits.DEFAULT_WARMUP_REQUESTS,
            description = "Unrecorded requests before each level (default ${DEFAULT-VALUE}).")
    long warmupRequests;

    @Option(
            names = "--request-timeout",
            defaultValue = "30",
            description = "Per-request timeout, s (default ${DEFAULT-VALUE}).")
    double requestTimeoutSeconds;

    @Option(
            names = "--max-in-flight",
            defaultValue = "" + LoadLimits.DEFAULT_MAX_IN_FLIGHT,
            description = "Open loop: most outstanding requests (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of synthetic data and Poisson gaps (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--csv", required = true, description = "perf_analyzer-format CSV to write.")
    Path csv;

    @Option(names = "--plot", description = "PNG of throughput against latency to write.")
    Path plot;

    @Option(names = "--title", description = "Plot title (default: the target).")
    String title;

    @Option(names = "--no-progress", description = "No progress bar (for logs and CI).")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        LoadLimits limits;
        SweepRange range;
        boolean open = requestRateRange != null;
        try {
            limits = new LoadLimits(
                    requestsPerLevel,
                    seconds(secondsPerLevel, "--seconds-per-level"),
                    warmupRequests,
                    seconds(requestTimeoutSeconds, "--request-timeout"),
                    maxInFlight);
            if (open && concurrencyRange != null) {
                throw new IllegalArgumentException("give --concurrency-range or --request-rate-range, not both");
            }
            range = SweepRange.parse(open ? requestRateRange : concurrencyRange == null ? "1:8:1" : concurrencyRange);
            if (!open) {
                for (double level : range.levels()) {
                    if (level != Math.rint(level)) {
                        throw new IllegalArgumentException("concurrency levels must be whole numbers, got " + level);
                    }
                    if (level > maxConcurrency) {
                        throw new IllegalArgumentException(
                                "concurrency " + levelText(level) + " exceeds --max-concurrency " + maxConcurrency);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LoadTarget target = openTarget()) {
            out.println("target: " + target.description());
            // With several replicas each statistics call reaches one of them, so the differences would mix servers.
            boolean oneServer = endpoint.kserve == null || !endpoint.kserve.contains(",");
            ServerStatistics statistics =
                    target instanceof KServeTarget kserve && oneServer ? kserve.statistics() : null;
            List<PerfCsv.Level> levels = sweep(new LoadRunner(target, limits, statistics), range, open);
            List<SweepPoint> points = levels.stream().map(PerfCsv.Level::point).toList();
            PerfCsv.writeLevels(csv, levels);
            out.println("wrote " + csv);
            for (SweepPoint p : points) {
                out.printf(
                        java.util.Locale.ROOT,
                        "  %s %s: %.1f infer/s, p50 %.2f ms, p99 %.2f ms, %d errors%s%n",
                        p.mode().column(),
                        levelText(p.level()),
                        p.inferencesPerSecond(),
                        p.p50() / 1000.0,
                        p.p99() / 1000.0,
                        p.errors(),
                        p.firstError().isEmpty() ? "" : " (first: " + p.firstError() + ")");
            }
            if (plot != null) {
                ThroughputLatencyPlot.write(
                        plot,
                        title == null ? target.description() : title,
                        Map.of(open ? "open loop" : "closed loop", PerfCsv.read(csv)));
                out.println("wrote " + plot);
            }
            return points.stream().allMatch(p -> p.requests() == 0) ? 1 : 0;
        }
    }

    private List<PerfCsv.Level> sweep(LoadRunner runner, SweepRange range, boolean open) {
        List<Double> levels = range.levels();
        List<PerfCsv.Level> points = new ArrayList<>();
        ProgressBar bar = noProgress
                ? null
                : new ProgressBarBuilder()
                        .setTaskName(open ? "request rate" : "concurrency")
                        .setInitialMax(levels.size())
                        .setStyle(ProgressBarStyle.ASCII)
                        .continuousUpdate()
                        .build();
        try {
            for (double level : levels) {
                if (bar != null) {
                    bar.setExtraMessage(" level " + levelText(level));
                }
                SweepPoint point = open ? runner.openLoop(level, distribution, seed) : runner.closedLoop((int) level);
                points.add(new PerfCsv.Level(point, runner.lastServerTimes().orElse(null)));
                if (bar != null) {
                    bar.step();
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return points;
    }

    private static String levelText(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : Double.toString(level);
    }

    private LoadTarget openTarget() throws IOException {
        if (endpoint.rest != null) {
            return new RestTarget(
                    endpoint.rest,
                    restBody(),
                    "application/json",
                    headerMap(),
                    inputsPerRequest,
                    seconds(requestTimeoutSeconds, "--request-timeout"));
        }
        if (model == null) {
            throw new ParameterException(spec.commandLine(), "KServe targets need --model");
        }
        if (embeddedRepository != null && !endpoint.embedded) {
            throw new ParameterException(spec.commandLine(), "--embedded-repository needs --embedded");
        }
        InferenceBackend backend = null;
        KServeServer server = null;
        String address = endpoint.kserve;
        if (endpoint.embedded) {
            try {
                backend = (embeddedRepository == null
                                ? BackendSpec.embeddedTiny()
                                : BackendSpec.embedded(embeddedRepository))
                        .create();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            server = KServeServer.builder().backend(backend).port(0).build().start();
            address = "127.0.0.1:" + server.port();
        }
        List<String> replicas = java.util.Arrays.stream(address.split(","))
                .map(String::trim)
                .filter(a -> !a.isEmpty())
                .toList();
        if (replicas.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--kserve needs HOST:PORT");
        }
        TritonClient client = replicas.size() == 1
                ? TritonClient.builder().target(replicas.get(0)).build()
                : TritonClient.builder().targets(replicas).build();
        try {
            ModelMetadata metadata = client.modelMetadata(model);
            boolean batching = client.modelConfig(model).maxBatchSize() > 0;
            Map<String, long[]> shapeMap = shapeMap();
            List<InferRequest> requests = inputData == null
                    ? KServeRequests.synthetic(metadata, batching, shapeMap, batch, seed)
                    : KServeRequests.fromInputData(
                            metadata,
                            batching,
                            shapeMap,
                            new ObjectMapper().readTree(checkedSize(inputData).toFile()),
                            batch,
                            maxInputEntries);
            KServeTarget target =
                    new KServeTarget(client, true, requests, batch, address + (endpoint.embedded ? " (embedded)" : ""));
            return server == null ? target : target.closing(server, backend);
        } catch (RuntimeException | IOException e) {
            client.close();
            if (server != null) {
                server.close();
            }
            if (backend != null) {
                backend.close();
            }
            if (e instanceof IllegalArgumentException) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            throw e;
        }
    }

    private byte[] restBody() throws IOException {
        int given = (body != null ? 1 : 0) + (image != null ? 1 : 0) + (text != null ? 1 : 0);
        if (given != 1) {
            throw new ParameterException(
                    spec.commandLine(), "REST targets need exactly one of --body, --image, --text");
        }
        if (body != null) {
            return Files.readAllBytes(checkedSize(body));
        }
        if (inputsPerRequest < 1) {
            throw new ParameterException(spec.commandLine(), "--inputs-per-request must be positive");
        }
        String input = text != null
                ? text
                : "data:" + mediaType(image) + ";base64,"
                        + Base64.getEncoder().encodeToString(Files.readAllBytes(checkedSize(image)));
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        if (model != null) {
            root.put("model", model);
        }
        ArrayNode inputs = root.putArray("input");
        for (int i = 0; i < inputsPerRequest; i++) {
            inputs.add(input);
        }
        return json.writeValueAsBytes(root);
    }

    private Path checkedSize(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        }
        long size = Files.size(file);
        if (size > maxFileBytes) {
            throw new ParameterException(
                    spec.commandLine(), file + " has " + size + " bytes, more than --max-file-bytes " + maxFileBytes);
        }
        return file;
    }

    private static String mediaType(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".png") ? "image/png" : name.endsWith(".webp") ? "image/webp" : "image/jpeg";
    }

    private Map<String, String> headerMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon < 1) {
                throw new ParameterException(spec.commandLine(), "--header must be NAME:VALUE, got '" + header + "'");
            }
            map.put(
                    header.substring(0, colon).trim(),
                    header.substring(colon + 1).trim());
        }
        return map;
    }

    private Map<String, long[]> shapeMap() {
        Map<String, long[]> map = new LinkedHashMap<>();
        for (String shape : shapes) {
            int colon = shape.lastIndexOf(':');
            try {
                if (colon < 1) {
                    throw new NumberFormatException();
                }
                String[] dims = shape.substring(colon + 1).split(",");
                long[] values = new long[dims.length];
                for (int i = 0; i < dims.length; i++) {
                    values[i] = Long.parseLong(dims[i].trim());
                }
                map.put(shape.substring(0, colon), values);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--shape must be NAME:D1,D2,..., got '" + shape + "'");
            }
        }
        return map;
    }

    private Duration seconds(double value, String option) {
        if (!(value > 0) || value > 86_400) {
            throw new IllegalArgumentException(option + " must be in (0, 86400] seconds, got " + value);
        }
        return Duration.ofNanos((long) (value * 1e9));
    }
}

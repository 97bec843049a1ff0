package io.radio4j.benchmarks.service;

import io.radio4j.benchmarks.gpu.SampleJpegs;
import io.radio4j.benchmarks.loadgen.LoadLimits;
import io.radio4j.benchmarks.loadgen.LoadRunner;
import io.radio4j.benchmarks.loadgen.RestTarget;
import io.radio4j.benchmarks.loadgen.SweepPoint;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.model.RadioModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput and p50/p99 latency of the service's {@code POST /v1/embeddings} (one image per
 * request) at each concurrency, next to the library doing the same work in-process
 * ({@link RadioClipEncoder#embedImage(byte[])}: decode, preprocess, infer) on the same embedded
 * backend with the same settings, in the same run. At each level the library runs, then the
 * service, so drift on a shared machine touches both alike. Target: the service keeps at least
 * {@value #TARGET_RATIO} of the library's throughput.
 *
 * <p>The service is the built jar started on loopback ({@link ServiceProcess}); the load is the
 * benchmarks' own closed-loop {@link LoadRunner}, for both sides. Before measuring, one image is
 * embedded by both and the vectors compared, so the two sides provably do the same work.
 *
 * <p>HOW TO RUN: see {@link ServiceReport#REPRODUCE}; {@code --help} lists the options.
 */
@Command(
        name = "service-benchmark",
        mixinStandardHelpOptions = true,
        description = "POST /v1/embeddings (images) of the built service against the library, concurrency 1..64")
public final class ServiceBenchmark implements Callable<Integer> {

    /** The throughput share of the library the service is expected to keep. */
    public static final double TARGET_RATIO = 0.8;
    /** Lowest cosine between the service's and the library's vector for one image. */
    static final double AGREEMENT = 0.999;

    @Option(names = "--service-jar", description = "the built service (default: ${DEFAULT-VALUE})")
    Path serviceJar = Path.of("quarkus-app/target/quarkus-app/quarkus-run.jar");

    @Option(names = "--concurrency", split = ",", description = "levels (default: ${DEFAULT-VALUE})")
    List<Integer> concurrency = List.of(1, 2, 4, 8, 16, 32, 64);

    @Option(names = "--seconds", description = "longest measured time per level and side (default: ${DEFAULT-VALUE})")
    int seconds = 5;

    @Option(names = "--requests", description = "most measured requests per level and side (default: ${DEFAULT-VALUE})")
    long requests = 20_000;

    @Option(names = "--warmup", description = "warm-up requests per level and side (default: ${DEFAULT-VALUE})")
    long warmup = 100;

    @Option(
            names = "--jit-warmup",
            description = "requests per side at concurrency 8 before the sweep, so both JVMs "
                    + "run compiled code from the first level (default: ${DEFAULT-VALUE})")
    long jitWarmup = 3_000;

    @Option(names = "--width", description = "width of the sample JPEG (default: ${DEFAULT-VALUE})")
    int width = 640;

    @Option(names = "--height", description = "height of the sample JPEG (default: ${DEFAULT-VALUE})")
    int height = 480;

    @Option(names = "--model", description = "the requests' model field (default: ${DEFAULT-VALUE})")
    String model = RadioModels.RADIO_CLIP_VISION;

    @Option(
            names = "--backend-concurrency",
            description = "embedded backend: inferences at once, on both sides (default: ${DEFAULT-VALUE})")
    int backendConcurrency = OnnxBackend.DEFAULT_CONCURRENCY;

    @Option(names = "--service-property", description = "extra key=value system property for the service; repeatable")
    List<String> serviceProperties = new ArrayList<>();

    @Option(names = "--readme", description = "write the results into this Markdown file's 'service' section")
    Path readme;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServiceBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        byte[] jpeg = SampleJpegs.jpeg(width, height, 1);
        byte[] body = EmbeddingsJson.imageRequest(model, jpeg);
        LoadLimits limits = new LoadLimits(
                requests,
                Duration.ofSeconds(seconds),
                warmup,
                LoadLimits.DEFAULT_REQUEST_TIMEOUT,
                LoadLimits.DEFAULT_MAX_IN_FLIGHT);
        Path indexDir = Files.createTempDirectory("radio4j-benchmark-index-");
        List<String> properties = new ArrayList<>(ServiceSettings.embedded(backendConcurrency, concurrency, indexDir));
        properties.addAll(serviceProperties);

        List<ServiceComparison> rows = new ArrayList<>();
        Instant started = Instant.now();
        try (OnnxBackend backend = OnnxBackend.builder()
                        .classpathRepository(
                                OnnxBackend.TINY_CLASSPATH_ROOT,
                                List.of(RadioModels.RADIO_CLIP_VISION, RadioModels.RADIO_CLIP_TEXT))
                        .concurrency(backendConcurrency)
                        .build();
                RadioClipEncoder encoder =
                        RadioClipEncoder.builder().backend(backend).build();
                ServiceProcess service =
                        ServiceProcess.start(serviceJar, properties, ServiceProcess.DEFAULT_START_TIMEOUT);
                LibraryTarget library = new LibraryTarget(encoder, jpeg);
                RestTarget rest = new RestTarget(
                        service.baseUri().resolve("v1/embeddings"),
                        body,
                        "application/json",
                        Map.of("Accept", "application/json"),
                        1,
                        LoadLimits.DEFAULT_REQUEST_TIMEOUT)) {
            double cosine = RadioClipEncoder.score(encoder.embedImage(jpeg), serviceEmbedding(service.baseUri(), body));
            System.out.printf(Locale.ROOT, "service and library agree on the image: cosine %.6f%n", cosine);
            if (!(cosine >= AGREEMENT)) {
                throw new IllegalStateException("the service's embedding differs from the library's (cosine " + cosine
                        + "): they are not doing the same work, so their speeds cannot be compared");
            }
            if (jitWarmup > 0) {
                // The service is a fresh JVM: without this its first levels would measure the JIT.
                LoadLimits once = new LoadLimits(
                        jitWarmup, Duration.ofSeconds(60), 0, limits.requestTimeout(), limits.maxInFlight());
                System.out.println("warm-up: library "
                        + new LoadRunner(library, once).closedLoop(8).inferencesPerSecond() + "/s, service "
                        + new LoadRunner(rest, once).closedLoop(8).inferencesPerSecond() + "/s");
            }
            LoadRunner libraryRunner = new LoadRunner(library, limits);
            LoadRunner serviceRunner = new LoadRunner(rest, limits);
            for (int c : concurrency) {
                SweepPoint lib = libraryRunner.closedLoop(c);
                SweepPoint svc = serviceRunner.closedLoop(c);
                ServiceComparison row = new ServiceComparison(c, lib, svc);
                rows.add(row);
                System.out.println(row.describe());
            }
        }
        String setup = String.format(
                Locale.ROOT,
                "RADIO-CLIP image embeddings of one %d×%d JPEG (%d bytes) per request or "
                        + "call, on the embedded ONNX Runtime backend with the **tiny** stand-in models and backend "
                        + "concurrency %d on both sides; the service is the built jar on loopback, called over HTTP/1.1 "
                        + "keep-alive with a `data:` URL image in JSON.",
                width,
                height,
                jpeg.length,
                backendConcurrency);
        ServiceReport report = new ServiceReport(rows, started, setup, Duration.ofSeconds(seconds), TARGET_RATIO);
        System.out.println(report.markdown());
        if (readme != null) {
            ReadmeSection.write(readme, "service", report.markdown());
            System.out.println("wrote the 'service' section of " + readme);
        }
        return 0;
    }

    private static float[] serviceEmbedding(URI base, byte[] body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(base.resolve("v1/embeddings"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /v1/embeddings answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return EmbeddingsJson.firstEmbedding(response.body());
        }
    }
}

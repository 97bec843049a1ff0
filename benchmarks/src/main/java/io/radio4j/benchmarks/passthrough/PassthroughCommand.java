package io.radio4j.benchmarks.passthrough;

import io.radio4j.benchmarks.gpu.SampleJpegs;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.ServeRepository;
import io.radio4j.core.backend.TritonBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * EXACT vs FAST vs PASSTHROUGH end to end: the client decodes (EXACT, FAST) or sends the encoded
 * file to the {@code <model>_bytes} ensemble (PASSTHROUGH), against radio4j's embedded KServe
 * server ({@link ServeRepository}, tiny models) started as a separate process on loopback, so the
 * client's CPU (this JVM) and the server's CPU (the child process) are measured apart. On one
 * machine both share the same cores: PASSTHROUGH moves the decode to the server, it does not make
 * it free. Reports per mode: client CPU per image, server CPU per image, images/s end to end, and
 * the request bytes per image on the wire. With the server decoding EXACT, it also checks that
 * every PASSTHROUGH answer equals the EXACT one (exit code 1 if not).
 */
@Command(
        name = "passthrough",
        mixinStandardHelpOptions = true,
        description =
                "Client CPU per image, server CPU per image, images/s and wire bytes per image for EXACT, FAST and "
                        + "PASSTHROUGH (server-side decode by the <model>_bytes ensemble) against the embedded KServe server.")
public final class PassthroughCommand implements Callable<Integer> {

    @Option(
            names = "--images",
            defaultValue = "32",
            description = "Distinct sample JPEGs per size (default ${DEFAULT-VALUE}).")
    int images;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Measured passes over the images per mode (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "640x480,1920x1080",
            description = "Sample JPEG sizes, WxH (default ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(
            names = "--client-threads",
            defaultValue = "2",
            description = "Client preprocessing threads (default ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(
            names = "--server-speed",
            defaultValue = "EXACT",
            description = "Server-side decode: EXACT or FAST (default ${DEFAULT-VALUE}).")
    SpeedMode serverSpeed;

    @Option(names = "--out", description = "Also write the Markdown table to this file.")
    Path out;

    @Option(
            names = "--server",
            description = "HOST:PORT of a running KServe server serving the tiny repository and its "
                    + "_bytes ensembles, instead of starting one (its CPU is then not measured).")
    String server;

    /** Every PASSTHROUGH answer equal to the EXACT one, per model and size (EXACT server decode only). */
    private final java.util.Map<String, Boolean> agreement = new java.util.LinkedHashMap<>();

    private final java.util.Map<String, List<float[]>> exactAnswers = new java.util.HashMap<>();

    /** One measured row. */
    record Row(
            String model,
            String size,
            SpeedMode mode,
            long images,
            double clientCpuMicros,
            double serverCpuMicros,
            double imagesPerSecond,
            double wireBytesPerImage) {}

    @Override
    public Integer call() throws Exception {
        String target = this.server;
        Process server = null;
        if (target == null) {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            server = startServer(port);
            target = "127.0.0.1:" + port;
        }
        List<Row> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clientThreads);
        try (TritonBackend remote = TritonBackend.builder().target(target).build()) {
            awaitReady(remote, server);
            Counting counting = new Counting(remote);
            for (String size : sizes) {
                String[] wh = size.toLowerCase(Locale.ROOT).split("x");
                List<byte[]> jpegs = new ArrayList<>();
                for (int i = 0; i < images; i++) {
                    jpegs.add(SampleJpegs.jpeg(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), 1000 + i));
                }
                for (SpeedMode mode : SpeedMode.values()) {
                    ImagePreprocessor preprocessor =
                            ImagePreprocessor.builder().speed(mode).build();
                    RadioClipEncoder clip = RadioClipEncoder.builder()
                            .backend(counting)
                            .preprocessor(preprocessor)
                            .executor(pool)
                            .build();
                    rows.add(measure(
                            "radio_clip_vision (CENTER_CROP 224)",
                            size,
                            mode,
                            jpegs,
                            counting,
                            server,
                            clip::embedImages));
                    CRadioEncoder cradio = CRadioEncoder.builder()
                            .backend(counting)
                            .preprocessor(preprocessor)
                            .executor(pool)
                            .build();
                    rows.add(measure(
                            "c_radio_v4_h (SQUASH 512)", size, mode, jpegs, counting, server, cradio::summaries));
                }
            }
        } finally {
            pool.shutdownNow();
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
        StringBuilder text = new StringBuilder(table(rows));
        agreement.forEach((key, equal) -> text.append("\nPASSTHROUGH ")
                .append(equal ? "equals" : "DIFFERS FROM")
                .append(" EXACT for every image: ")
                .append(key));
        String report = text.append("\n").toString();
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8);
        }
        return agreement.containsValue(false) ? 1 : 0;
    }

    private Row measure(
            String model,
            String size,
            SpeedMode mode,
            List<byte[]> jpegs,
            Counting counting,
            Process server,
            Function<List<byte[]>, List<float[]>> run) {
        List<float[]> answers = run.apply(jpegs); // warm-up: JIT, first requests, thread-local buffers on both sides
        String key = model + ", " + size;
        if (mode == SpeedMode.EXACT) {
            exactAnswers.put(key, answers);
        } else if (mode == SpeedMode.PASSTHROUGH && serverSpeed == SpeedMode.EXACT && exactAnswers.containsKey(key)) {
            List<float[]> exact = exactAnswers.get(key);
            boolean equal = exact.size() == answers.size();
            for (int i = 0; equal && i < exact.size(); i++) {
                equal = java.util.Arrays.equals(exact.get(i), answers.get(i));
            }
            agreement.put(key, equal);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        counting.bytes.set(0);
        long clientCpu = os.getProcessCpuTime();
        long serverCpu = serverCpuNanos(server);
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            run.apply(jpegs);
        }
        long wall = System.nanoTime() - start;
        long n = (long) rounds * jpegs.size();
        long serverCpuAfter = serverCpuNanos(server);
        double serverMicros = serverCpu < 0 || serverCpuAfter < 0 ? Double.NaN : (serverCpuAfter - serverCpu) / 1e3 / n;
        return new Row(
                model,
                size,
                mode,
                n,
                (os.getProcessCpuTime() - clientCpu) / 1e3 / n,
                serverMicros,
                n / (wall / 1e9),
                counting.bytes.get() / (double) n);
    }

    /** The server process's CPU time, or -1 when the server is not a child of this process. */
    private static long serverCpuNanos(Process server) {
        return server == null
                ? -1
                : server.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private Process startServer(int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ServeRepository.class.getName(),
                "--tiny",
                "--port",
                String.valueOf(port),
                "--preprocess-speed",
                serverSpeed.name()));
        serverLog = Files.createTempFile("radio4j-passthrough-server", ".log");
        serverLog.toFile().deleteOnExit();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(serverLog.toFile())
                .start();
    }

    private Path serverLog;

    private void awaitReady(InferenceBackend remote, Process server) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (server != null && !server.isAlive()) {
                List<String> log = Files.readAllLines(serverLog);
                throw new IllegalStateException("the KServe server exited with code " + server.exitValue()
                        + "; its output ends with: "
                        + String.join("\n", log.subList(Math.max(0, log.size() - 15), log.size())));
            }
            if (remote.isModelReady("c_radio_v4_h_bytes")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the KServe server was not ready within 120 s");
    }

    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(
                "| model (server resize) | JPEG | client mode | client CPU µs/image | server CPU µs/image | images/s | request bytes/image |\n");
        b.append("|---|---|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            String serverCpu = Double.isNaN(r.serverCpuMicros())
                    ? "n/a"
                    : String.format(Locale.ROOT, "%,.0f", r.serverCpuMicros());
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %,.0f | %s | %,.1f | %,.0f |%n",
                    r.model(),
                    r.size(),
                    r.mode(),
                    r.clientCpuMicros(),
                    serverCpu,
                    r.imagesPerSecond(),
                    r.wireBytesPerImage()));
        }
        return b.toString();
    }

    /** Counts the tensor bytes of every request sent (what travels in raw_input_contents). */
    static final class Counting implements InferenceBackend {
        final AtomicLong bytes = new AtomicLong();
        private final InferenceBackend target;

        Counting(InferenceBackend target) {
            this.target = target;
        }

        @Override
        public ModelConfiguration modelConfig(String model) {
            return target.modelConfig(model);
        }

        @Override
        public ModelMetadata modelMetadata(String model) {
            return target.modelMetadata(model);
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public boolean isModelReady(String model) {
            return target.isModelReady(model);
        }

        @Override
        public CompletableFuture<InferResult> infer(InferRequest request) {
            bytes.addAndGet(request.inputByteSize());
            return target.infer(request);
        }

        /** The server serves the tiny repository from this same classpath, so its files are read here. */
        @Override
        public java.util.Optional<byte[]> modelFile(String model, String fileName) {
            String resource = io.radio4j.core.backend.OnnxBackend.TINY_CLASSPATH_ROOT + "/" + model + "/" + fileName;
            try (var in = PassthroughCommand.class.getClassLoader().getResourceAsStream(resource)) {
                return in == null ? target.modelFile(model, fileName) : java.util.Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String description() {
            return target.description();
        }

        @Override
        public void close() {
            target.close();
        }
    }
}

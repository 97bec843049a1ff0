package io.radio4j.core.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line: serve a Triton model repository of ONNX models over KServe v2 gRPC from this
 * machine's CPU, so perf_analyzer, Python {@code tritonclient} or {@code TritonClient} can use it.
 *
 * <pre>
 * java -cp radio-core.jar:... io.radio4j.core.backend.ServeRepository --repository models --port 8001 [--host 0.0.0.0]
 *      [--models a,b] [--concurrency 2] [--intra-op-threads 1] [--preprocess-speed EXACT|FAST]
 *      [--model-control-mode none|explicit] [--allow-client-shm true|false]
 *      [--grpc-server-cert PEM --grpc-server-key PEM [--grpc-root-cert PEM]]
 *      [--grpc-keepalive-time MS] [--grpc-keepalive-timeout MS] [--grpc-keepalive-permit-without-calls true|false]
 * java ... io.radio4j.core.backend.ServeRepository --tiny --port 8001    # the tiny models from the classpath
 * </pre>
 *
 * The {@code <model>_bytes} ensembles of the repository are served too: clients send encoded
 * images (BYTES) and radio4j's preprocessor decodes them here, in the speed mode given by
 * {@code --preprocess-speed} (default: each preprocessing model's {@code speed} parameter, EXACT).
 *
 * The flags after {@code --preprocess-speed} are Triton's own ({@code tritonserver --help}); in
 * explicit mode the models given with {@code --models} (default: all) are loaded at start and the
 * others can be loaded with RepositoryModelLoad. ONNX Runtime is loaded on a thread with a large
 * stack, so a long command line (a long {@code -cp}) is safe. Stops on Ctrl-C (SIGINT/SIGTERM).
 */
public final class ServeRepository {

    private ServeRepository() {}

    /** Parses the arguments, loads the models and serves until the JVM is stopped. */
    public static void main(String[] args) throws InterruptedException {
        Path repository = null;
        boolean tiny = false;
        int port = KServeServer.DEFAULT_PORT;
        String host = KServeServer.DEFAULT_HOST;
        List<String> models = new ArrayList<>();
        int concurrency = OnnxBackend.DEFAULT_CONCURRENCY;
        int intraOp = OnnxBackend.DEFAULT_INTRA_OP_THREADS;
        io.radio4j.core.image.SpeedMode preprocessSpeed = null;
        KServeServer.Builder serverBuilder = KServeServer.builder();
        java.nio.file.Path cert = null;
        java.nio.file.Path key = null;
        java.nio.file.Path root = null;
        java.time.Duration keepAliveTime = null;
        java.time.Duration keepAliveTimeout = KServeServer.DEFAULT_KEEPALIVE_TIMEOUT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--repository" -> repository = Path.of(value(args, ++i, arg));
                case "--tiny" -> tiny = true;
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--host" -> host = value(args, ++i, arg);
                case "--models" -> models.addAll(List.of(value(args, ++i, arg).split(",")));
                case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i, arg));
                case "--intra-op-threads" -> intraOp = Integer.parseInt(value(args, ++i, arg));
                case "--preprocess-speed" ->
                    preprocessSpeed = io.radio4j.core.image.SpeedMode.valueOf(
                            value(args, ++i, arg).toUpperCase(java.util.Locale.ROOT));
                case "--model-control-mode" -> {
                    String mode = value(args, ++i, arg);
                    if (!mode.equals("none") && !mode.equals("explicit")) {
                        throw new IllegalArgumentException(
                                "--model-control-mode must be none or explicit, got " + mode);
                    }
                    serverBuilder.explicitModelControl(mode.equals("explicit"));
                }
                case "--allow-client-shm" -> serverBuilder.allowClientSharedMemory(bool(value(args, ++i, arg), arg));
                case "--grpc-server-cert" -> cert = Path.of(value(args, ++i, arg));
                case "--grpc-server-key" -> key = Path.of(value(args, ++i, arg));
                case "--grpc-root-cert" -> root = Path.of(value(args, ++i, arg));
                case "--grpc-keepalive-time" ->
                    keepAliveTime = java.time.Duration.ofMillis(Long.parseLong(value(args, ++i, arg)));
                case "--grpc-keepalive-timeout" ->
                    keepAliveTimeout = java.time.Duration.ofMillis(Long.parseLong(value(args, ++i, arg)));
                case "--grpc-keepalive-permit-without-calls" ->
                    serverBuilder.keepAlivePermitWithoutCalls(bool(value(args, ++i, arg), arg));
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + arg);
                    usage();
                    System.exit(2);
                }
            }
        }
        if (repository == null && !tiny) {
            usage();
            System.exit(2);
        }
        OnnxBackend.Builder builder = OnnxBackend.builder()
                .concurrency(concurrency)
                .intraOpThreads(intraOp)
                .models(models.toArray(String[]::new));
        if (preprocessSpeed != null) {
            builder.preprocessSpeed(preprocessSpeed);
        }
        OnnxBackend backend = tiny
                ? builder.classpathRepository(
                                OnnxBackend.TINY_CLASSPATH_ROOT, io.radio4j.core.model.RadioModels.ALL_WITH_BYTES)
                        .build()
                : builder.repository(repository).build();
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--grpc-server-cert and --grpc-server-key go together");
        }
        if (cert != null) {
            serverBuilder.tls(cert, key);
            if (root != null) {
                serverBuilder.mutualTls(root);
            }
        }
        if (keepAliveTime != null) {
            serverBuilder.keepAlive(keepAliveTime, keepAliveTimeout);
        }
        KServeServer server =
                serverBuilder.backend(backend).host(host).port(port).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            backend.close();
        }));
        System.out.println(
                "serving " + backend.modelNames() + " on " + host + ":" + server.port() + " (KServe v2 gRPC)");
        server.awaitTermination();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static boolean bool(String value, String flag) {
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(flag + " must be true or false, got " + value);
        };
    }

    private static void usage() {
        System.err.println(
                "usage: ServeRepository (--repository DIR | --tiny) [--port 8001] [--host 127.0.0.1] "
                        + "[--models a,b] [--concurrency 2] [--intra-op-threads 1] [--preprocess-speed EXACT|FAST] [--model-control-mode none|explicit] "
                        + "[--allow-client-shm true|false] [--grpc-server-cert PEM --grpc-server-key PEM [--grpc-root-cert PEM]] "
                        + "[--grpc-keepalive-time MS] [--grpc-keepalive-timeout MS] [--grpc-keepalive-permit-without-calls true|false]");
    }
}

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
 * java ... io.radio4j.core.backend.ServeRepository --tiny --port 8001    # the tiny models from the classpath
 * </pre>
 *
 * The {@code <model>_bytes} ensembles of the repository are served too: clients send encoded
 * images (BYTES) and radio4j's preprocessor decodes them here, in the speed mode given by
 * {@code --preprocess-speed} (default: each preprocessing model's {@code speed} parameter, EXACT).
 *
 * Stops on Ctrl-C (SIGINT/SIGTERM).
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
                case "--preprocess-speed" -> preprocessSpeed = io.radio4j.core.image.SpeedMode.valueOf(value(args, ++i, arg).toUpperCase(java.util.Locale.ROOT));
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
        OnnxBackend.Builder builder = OnnxBackend.builder().concurrency(concurrency).intraOpThreads(intraOp)
                .models(models.toArray(String[]::new));
        if (preprocessSpeed != null) {
            builder.preprocessSpeed(preprocessSpeed);
        }
        OnnxBackend backend = tiny
                ? builder.classpathRepository(OnnxBackend.TINY_CLASSPATH_ROOT, io.radio4j.core.model.RadioModels.ALL_WITH_BYTES).build()
                : builder.repository(repository).build();
        KServeServer server = KServeServer.builder().backend(backend).host(host).port(port).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            backend.close();
        }));
        System.out.println("serving " + backend.modelNames() + " on " + host + ":" + server.port() + " (KServe v2 gRPC)");
        server.awaitTermination();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("usage: ServeRepository (--repository DIR | --tiny) [--port 8001] [--host 127.0.0.1] "
                + "[--models a,b] [--concurrency 2] [--intra-op-threads 1] [--preprocess-speed EXACT|FAST]");
    }
}

package io.radio4j.core.testing;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.KServeServer;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.backend.TritonBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tiny stand-in model repository that triton-model-repo generates, and the two ways the tests
 * reach it: in process, and through Triton's protocol (the same embedded backend served over
 * KServe v2 on loopback, read with TritonClient). Created once per test JVM.
 */
public final class TinyRepo {

    private static OnnxBackend embedded;
    private static KServeServer server;
    private static TritonBackend remote;

    private TinyRepo() {}

    /** The repository folder of the sibling module. */
    public static Path path() {
        Path path = Path.of("..", "triton-model-repo", "tiny").toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("tiny model repository not found at " + path);
        }
        return path;
    }

    /** The embedded backend over the tiny repository. */
    public static synchronized OnnxBackend backend() {
        if (embedded == null) {
            embedded = OnnxBackend.builder().repository(path()).build();
            Runtime.getRuntime().addShutdownHook(new Thread(TinyRepo::closeAll));
        }
        return embedded;
    }

    /** A TritonBackend talking KServe v2 over loopback to a server that wraps {@link #backend()}. */
    public static synchronized TritonBackend remote() {
        if (remote == null) {
            server = KServeServer.builder().backend(backend()).port(0).build().start();
            remote = TritonBackend.builder()
                    .target("127.0.0.1:" + server.port())
                    .localRepository(path())
                    .build();
        }
        return remote;
    }

    /** Both backends, for tests that must give identical answers through either. */
    public static List<InferenceBackend> both() {
        return List.of(backend(), remote());
    }

    private static synchronized void closeAll() {
        if (remote != null) {
            remote.close();
        }
        if (server != null) {
            server.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}

package io.radio4j.core.testing;

import io.radio4j.core.backend.OnnxBackend;

import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny stand-in model repository that triton-model-repo generates, shared by the tests. */
public final class TinyRepo {

    private static OnnxBackend shared;

    private TinyRepo() {}

    /** The repository folder of the sibling module. */
    public static Path path() {
        Path path = Path.of("..", "triton-model-repo", "tiny").toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("tiny model repository not found at " + path);
        }
        return path;
    }

    /** One embedded backend over the tiny repository for the whole test JVM (loading takes ~1 s). */
    public static synchronized OnnxBackend backend() {
        if (shared == null) {
            shared = OnnxBackend.builder().repository(path()).build();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }
}

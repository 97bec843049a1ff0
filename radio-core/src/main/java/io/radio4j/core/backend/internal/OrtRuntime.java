package io.radio4j.core.backend.internal;

import ai.onnxruntime.OrtEnvironment;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ONNX Runtime safely, once per process.
 *
 * <p><b>Stack.</b> Creating ONNX Runtime's environment initialises its telemetry device
 * information, which reads {@code /proc/self/cmdline} and matches it with a {@code std::regex}
 * (libstdc++'s regex executor recurses once per character). On the thread that creates the
 * environment this needs roughly 270 bytes of stack per command-line character, so a JVM whose
 * command line is longer than about 3,800 characters overflows the launcher's 1 MiB main-thread
 * stack and dies with SIGSEGV (exit 139, no hs_err file). The environment is therefore created on
 * a dedicated thread whose stack is sized from the command-line length (at least
 * {@value #MIN_STACK_BYTES} bytes); later calls from any thread reuse it.
 *
 * <p><b>Native libraries.</b> ONNX Runtime's Java loader extracts its libraries into a new
 * {@code onnxruntime-java*} temporary folder per JVM and asks for the folder to be deleted on exit
 * before the files in it, so an empty folder stays behind for every JVM. Unless
 * {@code onnxruntime.native.path} is already set, the libraries are extracted once per user and
 * version into {@code <java.io.tmpdir>/radio4j-onnxruntime-<version>-<user>/} and loaded from
 * there; the per-JVM folder ONNX Runtime still creates is then empty and removed at exit, and
 * empty ones older than an hour that earlier JVMs left are removed.
 */
public final class OrtRuntime {

    /** The smallest stack given to the thread that creates the environment. */
    public static final long MIN_STACK_BYTES = 16L << 20;
    /** Stack bytes per command-line character (measured need is about 270; doubled for margin). */
    static final long STACK_BYTES_PER_CMDLINE_CHAR = 640;

    private static final Logger LOG = LoggerFactory.getLogger(OrtRuntime.class);
    private static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";
    private static final AtomicReference<OrtEnvironment> ENVIRONMENT = new AtomicReference<>();

    private OrtRuntime() {}

    /**
     * The process's ONNX Runtime environment, created on a large-stack thread the first time.
     *
     * @throws BackendException {@link Reason#INTERNAL} if ONNX Runtime cannot be loaded
     */
    public static OrtEnvironment environment() {
        OrtEnvironment env = ENVIRONMENT.get();
        if (env != null) {
            return env;
        }
        synchronized (OrtRuntime.class) {
            env = ENVIRONMENT.get();
            if (env == null) {
                env = createOnLargeStack();
                ENVIRONMENT.set(env);
            }
            return env;
        }
    }

    /** The stack size used for a command line of {@code cmdlineChars} characters. */
    static long stackBytesFor(long cmdlineChars) {
        return Math.max(MIN_STACK_BYTES, cmdlineChars * STACK_BYTES_PER_CMDLINE_CHAR);
    }

    private static OrtEnvironment createOnLargeStack() {
        prepareNativeLibraries();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread loader = new Thread(
                null,
                () -> {
                    try {
                        outcome.set(OrtEnvironment.getEnvironment());
                    } catch (Throwable t) {
                        outcome.set(t);
                    }
                },
                "radio4j-onnxruntime-init",
                stackBytesFor(commandLineLength()));
        loader.setDaemon(true);
        loader.start();
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.INTERNAL, "interrupted while loading ONNX Runtime", e);
        }
        if (outcome.get() instanceof OrtEnvironment env) {
            return env;
        }
        Throwable failure = (Throwable) outcome.get();
        throw new BackendException(Reason.INTERNAL, "cannot load ONNX Runtime: " + failure, failure);
    }

    private static long commandLineLength() {
        // procfs reports size 0 for cmdline, so it is read rather than sized.
        try {
            return Files.readAllBytes(Path.of("/proc/self/cmdline")).length;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /**
     * Extracts the native libraries once per user and version and points ONNX Runtime at them;
     * does nothing when {@code onnxruntime.native.path} is set or the libraries are not on the
     * classpath for this platform (ONNX Runtime's own loader then reports the problem).
     */
    static void prepareNativeLibraries() {
        if (System.getProperty(NATIVE_PATH_PROPERTY) != null) {
            return;
        }
        String platform = platform();
        if (platform == null) {
            return;
        }
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = tmp.resolve("radio4j-onnxruntime-" + (version == null ? "dev" : version) + "-" + user);
        try {
            Files.createDirectories(dir);
            for (String lib : new String[] {"libonnxruntime.so", "libonnxruntime4j_jni.so"}) {
                String resource = "/ai/onnxruntime/native/" + platform + "/" + lib;
                if (!extract(resource, dir.resolve(lib))) {
                    return;
                }
            }
            System.setProperty(NATIVE_PATH_PROPERTY, dir.toString());
            removeEmptyLeftovers(tmp);
        } catch (IOException | SecurityException e) {
            LOG.debug(
                    "cannot share ONNX Runtime's native libraries in {}: {}; ONNX Runtime extracts its own",
                    dir,
                    e.toString());
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64" -> "linux-aarch64";
            default -> null;
        };
    }

    /** Copies a resource to {@code target} unless an identical file is there; false if the resource is missing. */
    private static boolean extract(String resource, Path target) throws IOException {
        try (InputStream in = OrtEnvironment.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(target)
                    && Files.size(target) == bytes.length
                    && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                return true;
            }
            Path partial = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".part");
            try {
                Files.write(partial, bytes);
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(partial);
            }
            return true;
        }
    }

    /** Deletes empty {@code onnxruntime-java*} folders older than an hour that earlier JVMs left. */
    private static void removeEmptyLeftovers(Path tmp) {
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "onnxruntime-java*")) {
            for (Path d : dirs) {
                try {
                    if (Files.isDirectory(d)
                            && Files.getLastModifiedTime(d).toInstant().isBefore(cutoff)) {
                        Files.delete(d); // fails (and is skipped) unless empty
                    }
                } catch (IOException | SecurityException ignored) {
                    // Not empty, not ours, or already gone.
                }
            }
        } catch (IOException | SecurityException ignored) {
            // The temporary directory cannot be listed; nothing to tidy.
        }
    }
}

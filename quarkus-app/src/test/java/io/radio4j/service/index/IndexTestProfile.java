package io.radio4j.service.index;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The image index on a fresh folder of this test JVM, with one allowed root and small limits so the
 * limit answers can be reached. The folder is derived from the process id, not a random name, because
 * Quarkus instantiates profiles in more than one class loader and every copy must agree.
 */
public class IndexTestProfile implements QuarkusTestProfile {

    static final Path BASE =
            Path.of("target", "index-test-" + ProcessHandle.current().pid()).toAbsolutePath();
    static final Path DATA = BASE.resolve("data");
    static final Path ALLOWED = BASE.resolve("allowed");
    static final Path OUTSIDE = BASE.resolve("outside");
    static final int MAX_UPLOAD_FILES = 4;
    static final int MAX_RESULTS = 20;
    // Small, so an over-long query stays far below the HTTP server's URL-length limit (414).
    static final int MAX_TEXT_CHARS = 200;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "radio4j.index.data-dir", DATA.toString(),
                "radio4j.index.allowed-roots", ALLOWED.toString(),
                "radio4j.index.max-upload-files", Integer.toString(MAX_UPLOAD_FILES),
                "radio4j.index.max-results", Integer.toString(MAX_RESULTS),
                "radio4j.limits.max-text-chars", Integer.toString(MAX_TEXT_CHARS),
                // Two, so three uploads and a three-image folder are embedded in more than one batch.
                "radio4j.limits.max-items-per-call", "2",
                // Other engineers run their Quarkus tests on this machine at the same time: no fixed port.
                "quarkus.http.test-port", "0");
    }
}

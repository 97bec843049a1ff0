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
    /** A second allowed root, for the folder jobs' own folders (the other tests index ALLOWED whole). */
    static final Path JOB_FOLDERS = BASE.resolve("job-folders");

    static final int MAX_UPLOAD_FILES = 6;
    /** Below MAX_UPLOAD_FILES, so a folder can pass one limit and not the other. */
    static final int MAX_ITEMS_PER_JOB = 5;

    static final int MAX_RESULTS = 20;
    // Small, so an over-long query stays far below the HTTP server's URL-length limit (414).
    static final int MAX_TEXT_CHARS = 200;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "radio4j.index.data-dir", DATA.toString(),
                "radio4j.index.allowed-roots", ALLOWED + "," + JOB_FOLDERS,
                "radio4j.index.max-upload-files", Integer.toString(MAX_UPLOAD_FILES),
                "radio4j.index.jobs.max-items-per-job", Integer.toString(MAX_ITEMS_PER_JOB),
                "radio4j.index.max-results", Integer.toString(MAX_RESULTS),
                "radio4j.limits.max-text-chars", Integer.toString(MAX_TEXT_CHARS),
                // Two, so three uploads and a three-image folder are embedded in more than one batch, and
                // a folder job reports its files batch by batch.
                "radio4j.limits.max-items-per-call", "2",
                // Other engineers run their Quarkus tests on this machine at the same time: no fixed port.
                "quarkus.http.test-port", "0");
    }
}

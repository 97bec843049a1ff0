package io.radio4j.benchmarks.service;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * The service settings (its {@code radio4j.*} configuration keys) that make it do the same work as
 * the library side: the embedded backend with the library's session concurrency, and a request
 * limit as high as the highest benchmark concurrency, because shedding load (429) is not what is
 * compared here. The index goes to a scratch folder so a benchmark never writes into the user's.
 */
final class ServiceSettings {

    private ServiceSettings() {}

    /** System properties (key=value) for {@link ServiceProcess#start}. */
    static List<String> embedded(int backendConcurrency, List<Integer> loadConcurrency, Path indexDir) {
        int highest = Collections.max(loadConcurrency);
        return List.of(
                "radio4j.backend.kind=embedded",
                "radio4j.backend.embedded-concurrency=" + backendConcurrency,
                "radio4j.limits.max-concurrent-requests=" + highest,
                "radio4j.limits.queue-wait=30s",
                "radio4j.index.data-dir=" + indexDir);
    }
}

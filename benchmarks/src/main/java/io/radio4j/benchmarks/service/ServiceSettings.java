package io.radio4j.benchmarks.service;

import java.util.List;

/**
 * The service settings that make it do the same work as the library side: the embedded backend
 * with the library's concurrency, and request limits high enough that the highest benchmark
 * concurrency is served rather than shed (429), since shedding is not what is compared.
 */
final class ServiceSettings {

    private ServiceSettings() {
    }

    /** System properties (key=value) for {@link ServiceProcess#start}. */
    static List<String> embedded(int backendConcurrency, List<Integer> loadConcurrency) {
        // The service's defaults until its configuration keys are settled.
        return List.of();
    }
}

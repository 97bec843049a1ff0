package io.radio4j.quarkus;

import io.radio4j.core.backend.InferenceBackend;

/**
 * An application bean of this type wraps the backend that every radio4j bean shares, for
 * cross-cutting concerns on the one call path (deadlines, metrics, logging). At most one may
 * exist; without one the backend is used as created.
 *
 * <pre>{@code
 * @Produces
 * BackendWrapper metrics(MeterRegistry registry) {
 *     return backend -> new MeteredBackend(backend, registry);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface BackendWrapper {

    /**
     * The backend to share in place of {@code backend}. Closing the returned backend must close
     * {@code backend}.
     */
    InferenceBackend wrap(InferenceBackend backend);
}

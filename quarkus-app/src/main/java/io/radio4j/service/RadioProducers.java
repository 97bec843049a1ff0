package io.radio4j.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.core.backend.BackendChain;
import io.radio4j.core.backend.DeadlineInterceptor;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.quarkus.BackendWrapper;
import io.radio4j.quarkus.Preprocessing;
import io.radio4j.quarkus.Radio4jConfig;
import io.radio4j.service.internal.MetricsInterceptor;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.Executor;

/**
 * What the service adds to the radio4j-quarkus beans (backend, encoders, LangChain4j models come
 * from that module): the one place where the service wraps its {@link InferenceBackend}, with the
 * service's deadline and metrics on every call, and its bounded preprocessing pool for every
 * encoder.
 */
public class RadioProducers {

    @Produces
    BackendWrapper backendWrapper(Radio4jConfig radio, MeterRegistry registry) {
        // The one call path: metrics outermost (a call's time includes its deadline), then the
        // service's deadline for requests that carry none (encoders stamp their own, the same value).
        // Closing the chain closes the backend, as BackendWrapper requires.
        return backend -> BackendChain.builder()
                .backend(backend)
                .interceptor(new MetricsInterceptor(registry))
                .interceptor(DeadlineInterceptor.of(radio.backend().deadline()))
                .build();
    }

    @Produces
    @Preprocessing
    Executor preprocessing(PreprocessPool pool) {
        return pool.executor();
    }
}

package io.radio4j.quarkus;

import io.radio4j.core.backend.InferenceBackend;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What an application adds: a backend wrapper and a preprocessing executor, both recording their use. */
@Singleton
public class TestApplicationBeans {

    final AtomicReference<InferenceBackend> wrapped = new AtomicReference<>();
    final AtomicInteger preprocessingTasks = new AtomicInteger();

    @Produces
    BackendWrapper wrapper() {
        return backend -> {
            wrapped.set(backend);
            return backend;
        };
    }

    @Produces
    @Preprocessing
    Executor preprocessing() {
        return task -> {
            preprocessingTasks.incrementAndGet();
            task.run();
        };
    }
}

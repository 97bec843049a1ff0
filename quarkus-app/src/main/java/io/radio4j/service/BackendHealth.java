package io.radio4j.service;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.quarkus.Radio4jConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP while the backend is reachable and has every model of
 * {@code radio4j.backend.required-models} loaded; DOWN otherwise, so a load balancer stops sending
 * traffic while Triton is away and resumes when it is back (each probe asks again). Liveness stays
 * with the process: a backend outage is not a reason to restart the service.
 *
 * <p>The answer comes within {@code radio4j.backend.readiness-timeout}: the backend is asked on a
 * thread of its own, and a backend that has not answered by then (paused, blackholed) is DOWN.
 * Probes arriving while one is still waiting share it, so a hung backend holds one thread, not one
 * per probe. The answer names no address.
 */
@Readiness
@ApplicationScoped
public class BackendHealth implements HealthCheck {

    @Inject
    InferenceBackend backend;

    @Inject
    RadioServiceConfig config;

    @Inject
    Radio4jConfig radio;

    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "radio4j-readiness");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<HealthCheckResponse> pending;

    @Override
    public HealthCheckResponse call() {
        CompletableFuture<HealthCheckResponse> probe;
        synchronized (this) {
            if (pending == null || pending.isDone()) {
                pending = CompletableFuture.supplyAsync(this::probe, prober);
            }
            probe = pending;
        }
        long timeout = config.backend().readinessTimeout().toMillis();
        try {
            return probe.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return HealthCheckResponse.named("radio4j-backend")
                    .down()
                    .withData("server", "no answer within " + timeout + " ms (radio4j.backend.readiness-timeout)")
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named("radio4j-backend")
                    .down()
                    .withData("server", "interrupted")
                    .build();
        } catch (ExecutionException e) {
            return HealthCheckResponse.named("radio4j-backend")
                    .down()
                    .withData("server", "unreachable")
                    .build();
        }
    }

    private HealthCheckResponse probe() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("radio4j-backend")
                .withData("backend", radio.backend().kind().name().toLowerCase(java.util.Locale.ROOT));
        boolean up = backend.isReady();
        b.withData("server", up ? "ready" : "unreachable");
        for (String model : config.backend().requiredModels()) {
            boolean ready = up && backend.isModelReady(model);
            b.withData(model, ready ? "ready" : "not ready");
            up &= ready;
        }
        return b.status(up).build();
    }

    @PreDestroy
    void close() {
        prober.shutdownNow();
    }
}

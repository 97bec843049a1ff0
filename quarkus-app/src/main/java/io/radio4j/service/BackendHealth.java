package io.radio4j.service;

import io.radio4j.core.backend.InferenceBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP while the backend is reachable and has every model of
 * {@code radio4j.backend.required-models} loaded; DOWN otherwise, so a load balancer stops sending
 * traffic while Triton is away and resumes when it is back (each probe asks again). Liveness stays
 * with the process: a backend outage is not a reason to restart the service.
 */
@Readiness
@ApplicationScoped
public class BackendHealth implements HealthCheck {

    @Inject
    InferenceBackend backend;

    @Inject
    RadioServiceConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("radio4j-backend").withData("backend", backend.description());
        boolean up = backend.isReady();
        b.withData("server", up ? "ready" : "unreachable");
        for (String model : config.backend().requiredModels()) {
            boolean ready = up && backend.isModelReady(model);
            b.withData(model, ready ? "ready" : "not ready");
            up &= ready;
        }
        return b.status(up).build();
    }
}

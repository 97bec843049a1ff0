package io.radio4j.service.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.radio4j.service.ConcurrencyLimiter;
import io.radio4j.service.Permits;
import io.radio4j.service.Problem;
import io.radio4j.service.RadioServiceConfig;
import io.radio4j.service.openai.OpenAiErrors;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admission at the start of a request, before its body is read and before any worker thread is
 * taken: inference routes ({@code /v1/embeddings}, {@code /v1/images/*}, {@code /v1/radio1d/*},
 * {@code POST /v1/index}, {@code /v1/search}) need one of the {@link ConcurrencyLimiter}'s permits,
 * other {@code /v1/*} requests with a body one of {@code radio4j.limits.max-concurrent-other-requests}.
 * Waiting happens on no thread (a timer); past {@code radio4j.limits.queue-wait}, or with the queue
 * full, the answer is 429 with {@code Retry-After}. The permit is returned when the response ends or
 * the connection drops.
 *
 * <p>An admitted body must keep arriving: fewer than {@code radio4j.limits.min-body-bytes} in a
 * {@code radio4j.limits.body-rate-window} answers 408 and closes the connection, so slow clients
 * hold neither slots nor threads for long. Health ({@code /q/health*}) is never queued here.
 */
@ApplicationScoped
public class AdmissionFilter {

    /** Routing-context key set on admitted requests (the {@code @Limited} interceptor then takes no second permit). */
    public static final String ADMITTED = "radio4j.admitted";

    @Inject
    RadioServiceConfig config;

    @Inject
    ConcurrencyLimiter limiter;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    private Permits other;

    void register(@Observes Filters filters) {
        other = new Permits(
                config.limits().maxConcurrentOtherRequests(), config.limits().maxQueuedRequests());
        // Below the API-key filter (1000): refused keys never queue.
        filters.register(this::admit, 900);
    }

    private void admit(RoutingContext rc) {
        String path = rc.normalizedPath();
        HttpMethod method = rc.request().method();
        boolean hasBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        Permits permits;
        if (isInference(path, method)) {
            permits = limiter.permits();
        } else if (hasBody && path.startsWith("/v1/")) {
            permits = other;
        } else {
            rc.next();
            return;
        }
        Context context = vertx.getOrCreateContext();
        long[] timer = {-1};
        AtomicBoolean decided = new AtomicBoolean();
        Permits.Ticket ticket = permits.request(granted -> context.runOnContext(v -> {
            if (decided.compareAndSet(false, true)) {
                vertx.cancelTimer(timer[0]);
                if (granted) {
                    proceed(rc, permits, hasBody);
                } else {
                    refuse(rc, permits == other);
                }
            } else if (granted) {
                permits.release();
            }
        }));
        if (!decided.get()) {
            timer[0] =
                    vertx.setTimer(Math.max(1, config.limits().queueWait().toMillis()), id -> permits.cancel(ticket));
        }
    }

    static boolean isInference(String path, HttpMethod method) {
        return path.equals("/v1/embeddings")
                || path.startsWith("/v1/images/")
                || path.startsWith("/v1/radio1d/")
                || path.equals("/v1/search")
                || (path.equals("/v1/index") && method == HttpMethod.POST);
    }

    private void proceed(RoutingContext rc, Permits permits, boolean hasBody) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
        if (rc.response().ended() || rc.response().closed()) {
            release.run();
            return;
        }
        rc.addEndHandler(ar -> release.run());
        rc.put(ADMITTED, Boolean.TRUE);
        if (hasBody) {
            guardBodyRate(rc);
        }
        rc.next();
    }

    /** Answers 408 and closes the connection when the body stops arriving at the minimum rate. */
    private void guardBodyRate(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long window = Math.max(1, config.limits().bodyRateWindow().toMillis());
        long minBytes = config.limits().minBodyBytes();
        long[] last = {request.bytesRead()};
        long id = vertx.setPeriodic(window, tid -> {
            if (request.isEnded() || rc.response().ended() || rc.response().closed()) {
                vertx.cancelTimer(tid);
                return;
            }
            long read = request.bytesRead();
            if (read - last[0] < minBytes) {
                vertx.cancelTimer(tid);
                tooSlow(rc);
            } else {
                last[0] = read;
            }
        });
        rc.addEndHandler(ar -> vertx.cancelTimer(id));
    }

    private void tooSlow(RoutingContext rc) {
        Counter.builder("radio4j_errors_total")
                .tag("cause", "slow_body")
                .tag("status", "408")
                .register(registry)
                .increment();
        String detail =
                "the request body arrived slower than " + config.limits().minBodyBytes() + " bytes per "
                        + config.limits().bodyRateWindow().toMillis()
                        + " ms (radio4j.limits.min-body-bytes, radio4j.limits.body-rate-window)";
        if (!rc.response().headWritten()) {
            rc.response()
                    .setStatusCode(408)
                    .putHeader(HttpHeaders.CONTENT_TYPE, contentType(rc))
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(problem(rc, 408, "Request timeout", detail));
        }
        rc.request().connection().close();
    }

    private void refuse(RoutingContext rc, boolean otherRoute) {
        Counter.builder("radio4j_errors_total")
                .tag("cause", "admission")
                .tag("status", "429")
                .register(registry)
                .increment();
        String detail = otherRoute
                ? "the service is busy: " + config.limits().maxConcurrentOtherRequests()
                        + " requests are already running (radio4j.limits.max-concurrent-other-requests); retry later"
                : limiter.busyDetail();
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        rc.response()
                .setStatusCode(429)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType(rc))
                .putHeader(
                        "Retry-After",
                        Long.toString(Math.max(1, config.backend().retryAfter().toSeconds())))
                // The body was not read: the connection cannot carry another request.
                .putHeader(HttpHeaders.CONNECTION, rc.request().isEnded() ? "keep-alive" : "close")
                .end(problem(rc, 429, "Too many requests", detail));
    }

    /** An RFC 9457 problem, in OpenAI's error shape on the OpenAI-shaped routes (as the resources answer). */
    private static String problem(RoutingContext rc, int status, String title, String detail) {
        Problem problem = new Problem(null, title, status, detail, null);
        return Json.encode(
                OpenAiErrors.isOpenAiRoute(rc.normalizedPath()) ? OpenAiErrors.body(problem, null, null) : problem);
    }

    private static String contentType(RoutingContext rc) {
        return OpenAiErrors.isOpenAiRoute(rc.normalizedPath()) ? "application/json" : Problem.MEDIA_TYPE;
    }
}

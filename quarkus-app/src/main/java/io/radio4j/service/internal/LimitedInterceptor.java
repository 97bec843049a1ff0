package io.radio4j.service.internal;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.radio4j.service.ConcurrencyLimiter;
import io.radio4j.service.Limited;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs {@link Limited} methods under a {@link ConcurrencyLimiter} permit, released however they end;
 * a request the {@link AdmissionFilter} already admitted holds one and takes no second.
 */
@Limited
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class LimitedInterceptor {

    @Inject
    ConcurrencyLimiter limiter;

    @AroundInvoke
    Object limit(InvocationContext context) throws Exception {
        if (admitted()) {
            return context.proceed();
        }
        limiter.acquire();
        try {
            return context.proceed();
        } finally {
            limiter.release();
        }
    }

    private static boolean admitted() {
        ManagedContext requests = Arc.container().requestContext();
        if (!requests.isActive()) {
            return false;
        }
        RoutingContext rc =
                Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        return rc != null && Boolean.TRUE.equals(rc.get(AdmissionFilter.ADMITTED));
    }
}

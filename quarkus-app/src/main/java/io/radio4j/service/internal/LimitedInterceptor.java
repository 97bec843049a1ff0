package io.radio4j.service.internal;

import io.radio4j.service.ConcurrencyLimiter;
import io.radio4j.service.Limited;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs {@link Limited} methods under a {@link ConcurrencyLimiter} permit, released however they end. */
@Limited
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class LimitedInterceptor {

    @Inject
    ConcurrencyLimiter limiter;

    @AroundInvoke
    Object limit(InvocationContext context) throws Exception {
        limiter.acquire();
        try {
            return context.proceed();
        } finally {
            limiter.release();
        }
    }
}

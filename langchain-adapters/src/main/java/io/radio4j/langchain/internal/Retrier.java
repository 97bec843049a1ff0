package io.radio4j.langchain.internal;

import dev.langchain4j.exception.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a call, maps its radio-core errors with {@link RadioExceptionMapper}, and repeats it after
 * an exponential back-off while the mapped error is a {@link RetriableException}. Written here
 * rather than using LangChain4j's {@code RetryUtils} because that one retries every exception that
 * is not explicitly non-retriable (a programming error included) and sleeps a fixed 500 ms
 * base that tests cannot shorten.
 *
 * @param maxRetries retries after the first attempt, at least 0
 * @param initialDelay wait before the first retry; doubled for each further one
 */
public record Retrier(int maxRetries, Duration initialDelay) {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** @throws IllegalArgumentException if a value is negative */
    public Retrier {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("retry delay must be >= 0, got " + initialDelay);
        }
    }

    /** The call's result; its last error mapped to a LangChain4j exception. */
    public <T> T call(Supplier<T> action) {
        for (int attempt = 0; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                RuntimeException mapped = RadioExceptionMapper.INSTANCE.mapException(e);
                if (!(mapped instanceof RetriableException) || attempt >= maxRetries) {
                    throw mapped;
                }
                LOG.warn("retriable failure, retry {} of {}: {}", attempt + 1, maxRetries, mapped.getMessage());
                sleep(initialDelay.multipliedBy(1L << Math.min(attempt, 20)), mapped);
            }
        }
    }

    private static void sleep(Duration delay, RuntimeException pending) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.addSuppressed(e);
            throw pending;
        }
    }
}

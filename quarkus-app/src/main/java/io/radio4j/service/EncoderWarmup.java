package io.radio4j.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radio4j.core.backend.BackendSpec;
import io.radio4j.quarkus.Radio4jConfig;
import io.radio4j.quarkus.RadioEncoders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * With a Triton backend, builds the RADIO-CLIP encoder (model metadata, configuration, tokenizer)
 * in the background from startup on, retrying every {@code radio4j.backend.max-reconnect-backoff}
 * until it succeeds: a service started while Triton is down is ready for requests within that time
 * of Triton's return, instead of paying the start-up calls inside the first requests.
 */
@ApplicationScoped
public class EncoderWarmup {

    private static final Logger LOG = Logger.getLogger(EncoderWarmup.class);

    @Inject
    RadioEncoders encoders;

    @Inject
    Radio4jConfig config;

    private volatile Thread worker;

    void start(@Observes StartupEvent event) {
        if (config.backend().kind() != BackendSpec.Kind.TRITON) {
            return;
        }
        worker = Thread.ofVirtual().name("radio4j-encoder-warmup").start(this::warmUp);
    }

    void stop(@Observes ShutdownEvent event) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void warmUp() {
        long pause = Math.max(100, config.backend().maxReconnectBackoff().toMillis());
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                encoders.clip();
                LOG.infof("RADIO-CLIP encoder ready after %d attempt(s)", attempt);
                return;
            } catch (RuntimeException e) {
                LOG.debugf("encoder warm-up attempt %d failed: %s", attempt, e.getMessage());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}

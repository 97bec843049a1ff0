package io.radio4j.service;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.core.Radio;
import io.radio4j.core.backend.BackendChain;
import io.radio4j.core.backend.DeadlineInterceptor;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.backend.TritonBackend;
import io.radio4j.langchain.RadioClipEmbeddingModel;
import io.radio4j.service.internal.MetricsInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The CDI beans every endpoint shares: the configured {@link InferenceBackend} (with the service's
 * deadline and metrics on every call), the {@link Radio} facade over it, and the RADIO-CLIP
 * LangChain4j {@link EmbeddingModel} (texts and images into one space, for the image index).
 *
 * <p>The embedding model is application-scoped and so built on first use, not at startup: when the
 * backend is down that first call fails with a 503 and the next one tries again, so the service
 * recovers by itself. {@link Radio} likewise builds each encoder on first successful use.
 */
public class RadioProducers {

    private static final Logger LOG = Logger.getLogger(RadioProducers.class);

    @Produces
    @Singleton
    InferenceBackend backend(RadioServiceConfig config, MeterRegistry registry) {
        RadioServiceConfig.Backend b = config.backend();
        InferenceBackend backend = switch (b.kind()) {
            case EMBEDDED -> b.repository()
                    .map(dir -> (InferenceBackend) OnnxBackend.builder().repository(dir).concurrency(b.embeddedConcurrency()).build())
                    .orElseGet(OnnxBackend::tiny);
            case TRITON -> {
                List<String> targets = b.tritonAddresses().filter(l -> !l.isEmpty()).orElseThrow(() ->
                        new IllegalStateException("radio4j.backend.kind=triton needs radio4j.backend.triton-addresses (host:port,...)"));
                TritonBackend.Builder builder = TritonBackend.builder().targets(targets)
                        // Metadata, configuration and health calls too: none may outlast the deadline.
                        .deadline(b.deadline()).maxReconnectBackoff(b.maxReconnectBackoff());
                b.repository().ifPresent(builder::localRepository);
                yield builder.build();
            }
        };
        LOG.infof("inference backend: %s (deadline %s)", backend.description(), b.deadline());
        // The one call path: metrics outermost (a call's time includes its deadline), then the
        // service's deadline for requests that carry none (encoders stamp their own, the same value).
        return BackendChain.builder().backend(backend)
                .interceptor(new MetricsInterceptor(registry))
                .interceptor(DeadlineInterceptor.of(b.deadline()))
                .build();
    }

    void closeBackend(@Disposes InferenceBackend backend) {
        backend.close();
    }

    @Produces
    @Singleton
    Radio radio(InferenceBackend backend) {
        // The backend is a CDI bean with its own disposer; the facade must not close it.
        return Radio.of(backend);
    }

    void closeRadio(@Disposes Radio radio) {
        radio.close();
    }

    /**
     * RADIO-CLIP as a LangChain4j embedding model (text and image content), over the shared backend.
     * Retries are off: the service answers 503 at once and the client decides.
     */
    @Produces
    @ApplicationScoped
    EmbeddingModel clipEmbeddingModel(InferenceBackend backend, RadioServiceConfig config, PreprocessPool pool) {
        return RadioClipEmbeddingModel.builder()
                .backend(backend)
                .executor(pool.executor())
                .timeout(config.backend().deadline())
                .maxRetries(0)
                .maxImageBytes(config.limits().maxImageBytes())
                .maxTextChars(config.limits().maxTextChars())
                // A server must never read its own files or fetch URLs on a client's behalf here.
                .allowFileUrls(false)
                .allowRemoteImages(false)
                .maxItemsPerCall(config.limits().maxItemsPerCall())
                .build();
    }
}

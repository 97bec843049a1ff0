package io.radio4j.spring;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.radio4j.core.backend.BackendChain;
import io.radio4j.core.backend.BackendInterceptor;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.encoder.SharedEncoders;
import io.radio4j.langchain.RadioClipEmbeddingModel;
import io.radio4j.langchain.RadioImageEmbeddingModel;
import io.radio4j.langchain.SharedEmbeddingModels;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Fallback;
import org.springframework.context.annotation.Lazy;

/**
 * The radio4j beans of a Spring Boot application, from {@link Radio4jProperties} ({@code radio4j.*}),
 * the same as the Quarkus module gives a Quarkus application. Each is skipped when the application
 * defines a bean of its type:
 *
 * <ul>
 *   <li>{@link InferenceBackend} (closed with the context): the backend the
 *       {@code radio4j.backend.*} keys describe, created at startup (the embedded backend loads its
 *       models then; Triton connects on first call), behind a {@link BackendChain} of the
 *       application's {@link BackendInterceptor} beans in their {@code @Order} when it has any;</li>
 *   <li>{@link SharedEncoders}: radio-core's registry of encoders over that backend, with the
 *       {@code radio4j.limits.*} and the deadline, preprocessing on the application's
 *       {@link RadioPreprocessing @RadioPreprocessing} executor if it has one;</li>
 *   <li>{@link RadioClipEncoder}, {@link CRadioEncoder} (C-RADIOv4-H at 512², squash) and
 *       {@link Radio1dEncoder} (512², squash): the shared instances of {@link SharedEncoders};</li>
 *   <li>{@link RadioClipEmbeddingModel}: RADIO-CLIP for LangChain4j (texts and images in one space),
 *       over the very encoder of {@link SharedEncoders#clip()}, so RADIO-CLIP is built once per
 *       application; it is the {@link EmbeddingModel} injected by type, and any other
 *       {@link EmbeddingModel} bean of the application replaces it;</li>
 *   <li>{@link RadioImageEmbeddingModel}: C-RADIOv4-H summaries for LangChain4j (images only), a
 *       {@link Fallback @Fallback} bean so that injecting {@link EmbeddingModel} stays
 *       unambiguous.</li>
 * </ul>
 *
 * <p>Encoders and models are {@link Lazy @Lazy}: built when first injected or looked up, not at
 * startup, so an application that does not use RADIO-CLIP never loads its tokenizer; when the
 * backend is down that build fails, and inject an {@link ObjectProvider} to try again later. The
 * embedding models never retry, refuse {@code file:} and {@code http(s):} image URLs and bound each
 * call by {@code radio4j.backend.deadline} (langchain-adapters' {@link SharedEmbeddingModels}).
 */
@AutoConfiguration
@EnableConfigurationProperties(Radio4jProperties.class)
public class Radio4jAutoConfiguration {

    private static final Log LOG = LogFactory.getLog(Radio4jAutoConfiguration.class);

    /** Creates the auto-configuration (Spring Boot does). */
    public Radio4jAutoConfiguration() {}

    /**
     * The backend of the {@code radio4j.backend.*} keys, behind the application's interceptors.
     *
     * @throws IllegalStateException if {@code radio4j.backend.kind=triton} comes without addresses
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public InferenceBackend radio4jInferenceBackend(
            Radio4jProperties properties, ObjectProvider<BackendInterceptor> interceptors) {
        List<BackendInterceptor> chain = interceptors.orderedStream().toList();
        InferenceBackend backend = properties.settings().backend().spec().create();
        LOG.info("inference backend: " + backend.description() + " (deadline "
                + properties.backend().deadline() + ", " + chain.size() + " interceptors)");
        if (chain.isEmpty()) {
            return backend;
        }
        try {
            return BackendChain.builder().backend(backend).interceptors(chain).build();
        } catch (RuntimeException e) {
            backend.close(); // not yet a bean: the context would not close it
            throw e;
        }
    }

    /** The encoders, built on first use and shared; closing it frees the RADIO-CLIP tokenizer. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SharedEncoders radio4jSharedEncoders(
            InferenceBackend backend,
            Radio4jProperties properties,
            @RadioPreprocessing ObjectProvider<Executor> preprocessing) {
        return new SharedEncoders(backend, properties.settings(), preprocessing.getIfUnique());
    }

    /** The shared RADIO-CLIP encoder (closed by {@link SharedEncoders}, not by the context). */
    @Bean(destroyMethod = "")
    @Lazy
    @ConditionalOnMissingBean
    public RadioClipEncoder radio4jClipEncoder(SharedEncoders encoders) {
        return encoders.clip();
    }

    /** The shared C-RADIOv4-H encoder at its default resolution and resize mode. */
    @Bean(destroyMethod = "")
    @Lazy
    @ConditionalOnMissingBean
    public CRadioEncoder radio4jCRadioEncoder(SharedEncoders encoders) {
        return encoders.cradio();
    }

    /** The shared RADIO1D encoder at its default resolution and resize mode. */
    @Bean(destroyMethod = "")
    @Lazy
    @ConditionalOnMissingBean
    public Radio1dEncoder radio4jRadio1dEncoder(SharedEncoders encoders) {
        return encoders.radio1d();
    }

    /**
     * RADIO-CLIP as a LangChain4j embedding model over the shared encoder (which it does not
     * close), unless the application has an {@link EmbeddingModel} of its own.
     */
    @Bean(destroyMethod = "")
    @Lazy
    @ConditionalOnMissingBean(value = EmbeddingModel.class, ignored = RadioImageEmbeddingModel.class)
    public RadioClipEmbeddingModel radio4jClipEmbeddingModel(SharedEncoders encoders) {
        return SharedEmbeddingModels.clip(encoders);
    }

    /** C-RADIOv4-H summaries as a LangChain4j embedding model, on the shared backend. */
    @Bean(destroyMethod = "")
    @Lazy
    @Fallback
    @ConditionalOnMissingBean
    public RadioImageEmbeddingModel radio4jImageEmbeddingModel(SharedEncoders encoders) {
        return SharedEmbeddingModels.image(encoders);
    }
}

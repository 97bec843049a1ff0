package io.radio4j.langchain;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.common.AbstractEmbeddingModelIT;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.testing.DelegatingBackend;
import io.radio4j.core.testing.TestImages;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * LangChain4j's own conformance suite for embedding models, run against RADIO-CLIP on the embedded
 * tiny models. Named *Test so that it runs in {@code mvn test}: it needs no server.
 */
class RadioClipEmbeddingModelConformanceTest extends AbstractEmbeddingModelIT {

    private final OnnxBackend backend = OnnxBackend.tiny();

    @AfterAll
    void close() {
        backend.close();
    }

    /**
     * A fresh model per test: JUnit closes AutoCloseable arguments of a parameterized test after
     * it, and the model is AutoCloseable (it frees its tokenizer). The backend is shared.
     */
    @Override
    protected List<EmbeddingModel> models() {
        return List.of(RadioClipEmbeddingModel.builder().backend(backend).build());
    }

    @Override
    protected EmbeddingModel modelWith(EmbeddingModelListener listener) {
        return RadioClipEmbeddingModel.builder()
                .backend(backend)
                .listeners(List.of(listener))
                .build();
    }

    @Override
    protected EmbeddingModel failingModelWith(EmbeddingModelListener listener) {
        return RadioClipEmbeddingModel.builder()
                .backend(new DelegatingBackend(backend).failNext(Integer.MAX_VALUE, BackendException.Reason.INTERNAL))
                .maxRetries(0)
                .retryDelay(Duration.ZERO)
                .listeners(List.of(listener))
                .build();
    }

    /** SigLIP embeds queries and documents alike; there is no input-type switch to honour. */
    @Override
    protected boolean supportsInputTypeParameter() {
        return false;
    }

    /** RADIO-CLIP's dimension is fixed by the adaptor head; it cannot be truncated per call. */
    @Override
    protected boolean supportsDimensionsParameter() {
        return false;
    }

    /** Two separate towers: a text and an image cannot be fused into one vector. */
    @Override
    protected boolean supportsInterleavedInput() {
        return false;
    }

    /** Token usage counts the texts' tokens (computed locally: Triton returns none). */
    @Override
    protected boolean assertTokenUsage() {
        return true;
    }

    /** The suite downloads a cat from Wikimedia; this machine has no internet, so a generated PNG. */
    @Override
    protected ImageContent catImage() {
        return ImageContent.from(TestImages.base64(TestImages.blocks(96, 64, 7)), "image/png");
    }
}

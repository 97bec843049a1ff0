package io.radio4j.langchain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.langchain.internal.EmbeddingRequests;
import io.radio4j.langchain.internal.EncoderCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * C-RADIOv4 image summaries as a LangChain4j {@link EmbeddingModel}: {@link ContentType#IMAGE} only,
 * for image-to-image search and clustering (there is no text tower; use
 * {@link RadioClipEmbeddingModel} to search images by text).
 *
 * <pre>{@code
 * RadioImageEmbeddingModel model = RadioImageEmbeddingModel.builder()
 *         .tritonTarget("gpu-1:8001").resolution(512, 512).resizeMode(ResizeMode.SQUASH).build();
 * Embedding e = model.embed(EmbeddingRequest.builder()
 *         .input(ImageContent.from(Path.of("cat.jpg"), "image/jpeg")).build()).embeddings().get(0);
 * }</pre>
 *
 * <p>Each input must be exactly one image, given as for {@link RadioClipEmbeddingModel}. Text
 * inputs are refused with {@link UnsupportedFeatureException} (by the supported content types), so
 * {@code embed(String)} and {@code embedAll(List<TextSegment>)} always fail; {@link #dimension()}
 * comes from the model's metadata without an embedding call. Summaries are returned as the model
 * gives them, or L2-normalised with {@link Builder#normalize(Boolean)} (for stores that score by
 * inner product). Batching, listeners, errors, retries and thread-safety as
 * {@link RadioClipEmbeddingModel}.
 */
public class RadioImageEmbeddingModel extends ListenedEmbeddingModel<RadioImageEmbeddingModel>
        implements AutoCloseable {

    /** Default of {@link Builder#modelName(String)}: C-RADIOv4-H. */
    public static final String DEFAULT_MODEL_NAME = CRadioEncoder.DEFAULT_MODEL_NAME;
    /** Default of {@link Builder#resizeMode(ResizeMode)}: squash to the resolution, as the transformers example. */
    public static final ResizeMode DEFAULT_RESIZE_MODE = CRadioEncoder.DEFAULT_RESIZE_MODE;
    /** Default edge of {@link Builder#resolution(int, int)} for engines of variable size: RADIO's preferred 512. */
    public static final int DEFAULT_RESOLUTION = CRadioEncoder.DEFAULT_RESOLUTION;
    /** Default of {@link Builder#normalize(Boolean)}: summaries as the model returns them. */
    public static final boolean DEFAULT_NORMALIZE = false;

    private final Shared shared;

    private record Shared(CRadioEncoder encoder, EmbeddingModelOptions options, boolean normalize) {}

    /** A builder; one backend source is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the model: connects to (or creates) the backend and reads the model's contract.
     *
     * @throws IllegalStateException unless exactly one backend source was configured
     * @throws IllegalArgumentException if a numeric setting is out of range
     * @throws LangChain4jException mapped from radio-core when the model is missing, malformed or
     *     refuses the resolution
     */
    public RadioImageEmbeddingModel(Builder b) {
        super(b.listeners);
        EmbeddingModelOptions options = b.options(RadioImageEmbeddingModel.class);
        try {
            CRadioEncoder.Builder encoder = options.configure(CRadioEncoder.builder())
                    .modelName(b.modelName == null ? DEFAULT_MODEL_NAME : b.modelName)
                    .resizeMode(options.resizeMode() == null ? DEFAULT_RESIZE_MODE : options.resizeMode());
            if (b.height != null) {
                encoder.resolution(b.height, b.width);
            }
            this.shared = new Shared(
                    EncoderCalls.mapped(encoder::build),
                    options,
                    b.normalize == null ? DEFAULT_NORMALIZE : b.normalize);
        } catch (RuntimeException e) {
            options.closeBackend();
            throw e;
        }
    }

    private RadioImageEmbeddingModel(Shared shared, List<EmbeddingModelListener> listeners) {
        super(listeners);
        this.shared = shared;
    }

    @Override
    public EmbeddingResponse doEmbed(EmbeddingRequest request) {
        List<ImageContent> images = new ArrayList<>(request.inputs().size());
        for (int i = 0; i < request.inputs().size(); i++) {
            EmbeddingInput input = request.inputs().get(i);
            if (input.contents().size() != 1 || !(input.contents().getFirst() instanceof ImageContent image)) {
                throw new UnsupportedFeatureException("input " + i + " is " + input.contentTypes() + " in "
                        + input.contents().size() + " part(s); C-RADIO embeds exactly one image per input");
            }
            images.add(image);
        }
        if (shared.options.logRequests()) {
            shared.options.log().info("C-RADIO request: {} image(s)", images.size());
        }
        List<Embedding> embeddings = new ArrayList<>(images.size());
        for (float[] summary : shared.options.calls().images(images, shared.encoder::summaries)) {
            Embedding e = Embedding.from(summary);
            if (shared.normalize) {
                e.normalize();
            }
            embeddings.add(e);
        }
        if (shared.options.logResponses()) {
            shared.options
                    .log()
                    .info(
                            "C-RADIO response: {} summar(ies) of dimension {}",
                            embeddings.size(),
                            shared.encoder.summaryDimension());
        }
        return EmbeddingRequests.response(embeddings, modelName());
    }

    @Override
    protected Integer knownDimension() {
        return shared.encoder.summaryDimension();
    }

    @Override
    public String modelName() {
        return shared.encoder.contract().model();
    }

    /** {@code {IMAGE}}. */
    @Override
    public Set<ContentType> supportedContentTypes() {
        return Set.of(ContentType.IMAGE);
    }

    @Override
    RadioImageEmbeddingModel withListeners(List<EmbeddingModelListener> all) {
        return new RadioImageEmbeddingModel(shared, all);
    }

    /** The radio-core encoder behind this model, e.g. for dense features. */
    public CRadioEncoder encoder() {
        return shared.encoder;
    }

    /** Frees the backend when the builder created it. */
    @Override
    public void close() {
        shared.options.closeBackend();
    }

    @Override
    public String toString() {
        return "RadioImageEmbeddingModel{" + modelName() + ", dimension=" + shared.encoder.summaryDimension()
                + ", resize=" + shared.encoder.resizeSpec() + ", backend="
                + shared.options.backend().backend().description() + "}";
    }

    /**
     * Builds a {@link RadioImageEmbeddingModel}: the settings of {@link RadioEmbeddingModelBuilder},
     * the model name, resolution and normalisation. Every field is optional except the backend
     * source; unset fields take the {@code DEFAULT_*} constant named in their javadoc. Not thread-safe.
     */
    public static class Builder extends RadioEmbeddingModelBuilder<Builder> {
        private String modelName;
        private Integer height;
        private Integer width;
        private Boolean normalize;

        /** Public so that frameworks can extend it. */
        public Builder() {}

        /** Model name; default {@link #DEFAULT_MODEL_NAME} ({@code c_radio_v4_so400m} is the other). */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /**
         * Model input size: exactly {@code height × width} for SQUASH, the shortest edge
         * ({@code height == width}) for CENTER_CROP and SNAP16; multiples of 16. Default: the
         * engine's fixed size, else {@value #DEFAULT_RESOLUTION} × {@value #DEFAULT_RESOLUTION}.
         */
        public Builder resolution(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** L2-normalise each summary; default {@value #DEFAULT_NORMALIZE}. */
        public Builder normalize(Boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /**
         * @throws IllegalStateException unless exactly one backend source was given
         * @throws LangChain4jException if the model is missing, malformed, refuses the resolution, or
         *     the backend is unreachable
         * @throws IllegalArgumentException if a numeric setting is out of range
         */
        public RadioImageEmbeddingModel build() {
            return new RadioImageEmbeddingModel(this);
        }
    }
}

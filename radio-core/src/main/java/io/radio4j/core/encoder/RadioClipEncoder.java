package io.radio4j.core.encoder;

import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.internal.Batches;
import io.radio4j.core.encoder.internal.CallDeadline;
import io.radio4j.core.encoder.internal.EncoderSupport;
import io.radio4j.core.encoder.internal.ImageRunner;
import io.radio4j.core.encoder.internal.Outcome;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.ClipTextContract;
import io.radio4j.core.model.ClipVisionContract;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.model.ModelContracts;
import io.radio4j.core.model.RadioModels;
import io.radio4j.core.model.SigLipCalibration;
import io.radio4j.core.text.SigLipTokenizer;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * RADIO-CLIP: texts and images embedded into one space (the SigLIP 2-g text tower and C-RADIO's
 * SigLIP 2-g adaptor), both L2-normalised, for text-to-image search and zero-shot labels.
 *
 * <pre>{@code
 * try (RadioClipEncoder clip = RadioClipEncoder.builder().backend(backend).build()) {
 *     float[] text = clip.embedText("a photo of a cat");
 *     float[] image = clip.embedImage(jpeg);
 *     double cosine = RadioClipEncoder.score(text, image);
 *     double p = clip.probability(image, text);   // when the engine publishes logit scale and bias
 * }
 * }</pre>
 *
 * <p>Texts are canonicalized and tokenized by a {@link SigLipTokenizer} (EOS, pad to the text
 * model's context length with 0). Its {@code tokenizer.json} comes from {@link Builder#tokenizer}
 * or, by default, from the file beside the text model's {@code config.pbtxt}
 * ({@link InferenceBackend#modelFile}). Images are resized by default as open_clip and TAO's
 * RADIO-CLIP do: shortest edge to the vision model's size, then a center crop.
 *
 * <p>Checked at build: both contracts, equal embedding dimensions, and the tokenizer's context
 * length against the text model's. Batching, failures and thread-safety as {@link CRadioEncoder}.
 * {@link #close()} frees a tokenizer the encoder loaded itself.
 */
public final class RadioClipEncoder implements AutoCloseable {

    /** Default of {@link Builder#visionModelName(String)}. */
    public static final String DEFAULT_VISION_MODEL_NAME = RadioModels.RADIO_CLIP_VISION;
    /** Default of {@link Builder#textModelName(String)}. */
    public static final String DEFAULT_TEXT_MODEL_NAME = RadioModels.RADIO_CLIP_TEXT;
    /** Default of {@link Builder#resizeMode(ResizeMode)}: open_clip's resize + center crop. */
    public static final ResizeMode DEFAULT_RESIZE_MODE = ResizeMode.CENTER_CROP;
    /** Default edge for a vision engine of variable size: 224. */
    public static final int DEFAULT_RESOLUTION = 224;

    private final InferenceBackend backend;
    private final ClipVisionContract vision;
    private final ClipTextContract text;
    private final SigLipTokenizer tokenizer;
    private final boolean ownsTokenizer;
    private final ImageRunner runner;
    private final Executor executor;
    private final int textBatchSize;
    private final int maxItems;
    private final Duration timeout;

    private RadioClipEncoder(Builder b) {
        EncoderOptions options = b.options(DEFAULT_RESIZE_MODE, DEFAULT_RESOLUTION);
        this.backend = options.backend();
        this.vision = ModelContracts.clipVision(
                backend, b.visionModelName == null ? DEFAULT_VISION_MODEL_NAME : b.visionModelName);
        this.text =
                ModelContracts.clipText(backend, b.textModelName == null ? DEFAULT_TEXT_MODEL_NAME : b.textModelName);
        if (vision.dimension() != text.dimension()) {
            throw new ModelContractException(
                    "models '" + vision.model() + "' and '" + text.model() + "' embed into different spaces: "
                            + vision.dimension() + " vs " + text.dimension() + " dimensions");
        }
        // One batch size serves both towers, so it is capped by each model's maximum rather than refused above it.
        this.executor = options.executor();
        this.runner = options.imageRunner(vision.model(), vision.image(), vision.maxBatchSize(), true);
        this.textBatchSize = options.batchSize(text.maxBatchSize(), true);
        this.maxItems = options.maxItemsPerCall();
        this.timeout = options.timeout();
        if (b.tokenizer != null) {
            this.tokenizer = b.tokenizer;
            this.ownsTokenizer = false;
        } else {
            byte[] json = backend.modelFile(text.model(), RadioModels.TOKENIZER_FILE)
                    .orElseThrow(() -> new RadioException(
                            "no " + RadioModels.TOKENIZER_FILE + " for model '" + text.model() + "' on "
                                    + backend.description()
                                    + "; give RadioClipEncoder.builder().tokenizer(...), or TritonBackend.builder().localRepository(...)",
                            null,
                            false));
            this.tokenizer = SigLipTokenizer.builder()
                    .tokenizerJson(json)
                    .contextLength(text.contextLength())
                    .maxTextChars(b.maxTextChars)
                    .build();
            this.ownsTokenizer = true;
        }
        if (tokenizer.contextLength() != text.contextLength()) {
            close();
            throw new ModelContractException("model '" + text.model() + "' takes " + text.contextLength()
                    + " token ids, but the tokenizer produces " + tokenizer.contextLength());
        }
    }

    /** A builder; {@link Builder#backend(InferenceBackend)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Embedding length, the same for texts and images (1536 for the SigLIP 2-g adaptor). */
    public int dimension() {
        return vision.dimension();
    }

    /** The image tower's contract. */
    public ClipVisionContract visionContract() {
        return vision;
    }

    /** The text tower's contract. */
    public ClipTextContract textContract() {
        return text;
    }

    /** SigLIP's logit scale and bias, when the text model's config publishes them. */
    public Optional<SigLipCalibration> calibration() {
        return text.calibration();
    }

    /**
     * How many tokens the text tower reads for this text: its token ids up to and including EOS,
     * without padding (what OpenAI-style {@code prompt_tokens} counts). No inference is run.
     *
     * @throws RadioInputException if the text is null, empty after canonicalization, or over the length limit
     */
    public int textTokenCount(String text) {
        EncoderSupport.requireInput(text, "text");
        int n = 0;
        for (long id : tokenizer.tokenize(text)) {
            if (id != tokenizer.padId()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The embedding of one text.
     *
     * @throws RadioInputException if the text is null, empty after canonicalization, or over the length limit
     * @throws BackendException if inference fails
     */
    public float[] embedText(String text) {
        EncoderSupport.requireInput(text, "text");
        return Batches.runOne(timeout, (from, to, deadline) -> textChunk(List.of(text), from, to, deadline));
    }

    /**
     * The embeddings of several texts, in order.
     *
     * @throws BatchException if some texts failed (empty, too long) or their batch failed
     * @throws RadioInputException if the list is longer than {@code maxItemsPerCall}
     */
    public List<float[]> embedTexts(List<String> texts) {
        List<String> items = new ArrayList<>(EncoderSupport.requireInput(texts, "texts"));
        return Batches.run(
                items.size(),
                textBatchSize,
                maxItems,
                timeout,
                (from, to, deadline) -> textChunk(items, from, to, deadline));
    }

    /**
     * The embedding of one encoded image.
     *
     * @throws ImageException if the image cannot be decoded or breaks a limit
     * @throws BackendException if inference fails
     */
    public float[] embedImage(byte[] image) {
        return runner.one(image, this::sendImages);
    }

    /** The embedding of an already preprocessed image. @throws RadioInputException unless its size is the model's */
    public float[] embedImage(PreprocessedImage image) {
        return runner.one(image, this::sendImages);
    }

    /**
     * The embeddings of several encoded images, in order.
     *
     * @throws BatchException if some items failed
     * @throws RadioInputException if the list is longer than {@code maxItemsPerCall}
     */
    public List<float[]> embedImages(List<byte[]> images) {
        return runner.all(images, this::sendImages);
    }

    /** {@link #embedImages(List)} for already preprocessed images. */
    public List<float[]> embedImagesOfPreprocessed(List<PreprocessedImage> images) {
        return runner.all(images, this::sendImages);
    }

    /**
     * Cosine similarity of two embeddings, in [-1, 1] (for L2-normalised embeddings, their dot product).
     *
     * @throws IllegalArgumentException if the lengths differ or a vector is all zeros
     */
    public static double score(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings have different lengths: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            throw new IllegalArgumentException("cannot score an all-zero embedding");
        }
        return dot / Math.sqrt(na * nb);
    }

    /**
     * SigLIP's probability that an image matches a text: {@code sigmoid(exp(scale) · cos + bias)}.
     *
     * @throws RadioException if the engine publishes no logit scale and bias ({@link #calibration()} is empty)
     * @throws IllegalArgumentException as {@link #score}
     */
    public double probability(float[] imageEmbedding, float[] textEmbedding) {
        SigLipCalibration c = text.calibration()
                .orElseThrow(() -> new RadioException(
                        "model '" + text.model()
                                + "' publishes no '" + RadioModels.LOGIT_SCALE_PARAMETER + "'/'"
                                + RadioModels.LOGIT_BIAS_PARAMETER
                                + "' parameters, so only cosine scores are available",
                        null,
                        false));
        return c.probability(score(imageEmbedding, textEmbedding));
    }

    @Override
    public void close() {
        if (ownsTokenizer) {
            tokenizer.close();
        }
    }

    private CompletableFuture<List<Outcome<float[]>>> textChunk(
            List<String> texts, int from, int to, CallDeadline deadline) {
        // Every row has the context length, so all texts of a chunk go in one request.
        return CompletableFuture.supplyAsync(
                        () -> Batches.each(from, to, i -> tokenizer.tokenize(texts.get(i))), executor)
                .thenCompose(tokenized ->
                        Batches.sendPrepared(tokenized, row -> Boolean.TRUE, rows -> sendTexts(rows, deadline)));
    }

    private CompletableFuture<List<float[]>> sendTexts(List<long[]> rows, CallDeadline deadline) {
        int n = rows.size();
        int length = text.contextLength();
        long[] shape = {n, length};
        InferInput ids;
        if (text.idsType() == DataType.INT64) {
            long[] flat = new long[n * length];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows.get(i), 0, flat, i * length, length);
            }
            ids = InferInput.ofInt64(ClipTextContract.INPUT_IDS, shape, flat);
        } else {
            int[] flat = new int[n * length];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < length; j++) {
                    flat[i * length + j] = Math.toIntExact(rows.get(i)[j]);
                }
            }
            ids = InferInput.ofInt32(ClipTextContract.INPUT_IDS, shape, flat);
        }
        InferRequest request = InferRequest.builder()
                .modelName(text.model())
                .input(ids)
                .output(ClipVisionContract.EMBEDDING)
                .build();
        return deadline.infer(backend, request)
                .thenApply(result -> EncoderSupport.rows(
                        EncoderSupport.floats(result, text.model(), ClipVisionContract.EMBEDDING, n, text.dimension()),
                        n,
                        text.dimension()));
    }

    private CompletableFuture<List<float[]>> sendImages(
            InferInput images, List<ImageRunner.Prepared> group, CallDeadline deadline) {
        int n = group.size();
        InferRequest request = InferRequest.builder()
                .modelName(runner.model(group))
                .input(images)
                .output(ClipVisionContract.EMBEDDING)
                .build();
        return deadline.infer(backend, request)
                .thenApply(result -> EncoderSupport.rows(
                        EncoderSupport.floats(
                                result, vision.model(), ClipVisionContract.EMBEDDING, n, vision.dimension()),
                        n,
                        vision.dimension()));
    }

    /**
     * Builds a {@link RadioClipEncoder}: the settings of {@link EncoderBuilder} (with this encoder's
     * {@link RadioClipEncoder#DEFAULT_RESOLUTION} and {@link RadioClipEncoder#DEFAULT_RESIZE_MODE};
     * SNAP16 is refused by the fixed-size vision tower; one batch size is capped by each tower's
     * maximum), both towers' names and the tokenizer. Unset or null settings take their defaults. Not thread-safe.
     */
    public static final class Builder extends EncoderBuilder<Builder> {
        private String visionModelName;
        private String textModelName;
        private SigLipTokenizer tokenizer;
        private int maxTextChars = SigLipTokenizer.DEFAULT_MAX_TEXT_CHARS;

        private Builder() {}

        /** The image tower's model name; default {@value RadioClipEncoder#DEFAULT_VISION_MODEL_NAME}. */
        public Builder visionModelName(String visionModelName) {
            this.visionModelName = visionModelName;
            return this;
        }

        /** The text tower's model name; default {@value RadioClipEncoder#DEFAULT_TEXT_MODEL_NAME}. */
        public Builder textModelName(String textModelName) {
            this.textModelName = textModelName;
            return this;
        }

        /**
         * A tokenizer to use (not closed by the encoder); default: one built from the
         * {@code tokenizer.json} beside the text model, with {@link #maxTextChars(int)}.
         */
        public Builder tokenizer(SigLipTokenizer tokenizer) {
            this.tokenizer = tokenizer;
            return this;
        }

        /**
         * Longest text accepted when the encoder builds its tokenizer; default {@value SigLipTokenizer#DEFAULT_MAX_TEXT_CHARS}.
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxTextChars(int maxTextChars) {
            if (maxTextChars < 1) {
                throw new IllegalArgumentException("maxTextChars must be >= 1, got " + maxTextChars);
            }
            this.maxTextChars = maxTextChars;
            return this;
        }

        /**
         * Reads and checks both contracts and loads the tokenizer.
         *
         * @throws NullPointerException if no backend was given
         * @throws ModelContractException if a model lacks its contract or the towers disagree
         * @throws RadioException if no tokenizer was given and none is beside the text model
         * @throws BackendException if a model is unknown or the backend unreachable
         */
        public RadioClipEncoder build() {
            return new RadioClipEncoder(this);
        }
    }
}

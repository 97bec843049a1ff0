package io.radio4j.core.encoder;

import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.internal.CallDeadline;
import io.radio4j.core.encoder.internal.EncoderSupport;
import io.radio4j.core.encoder.internal.ImageRunner;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.model.CRadioContract;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.model.ModelContracts;
import io.radio4j.core.model.RadioModels;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * C-RADIOv4 image encoder: a summary vector per image (for retrieval and classification) and dense
 * per-patch {@linkplain SpatialFeatures features} (for segmentation, detection, VLM connectors).
 *
 * <pre>{@code
 * CRadioEncoder encoder = CRadioEncoder.builder().backend(backend).build();
 * float[] summary = encoder.summary(Files.readAllBytes(Path.of("cat.jpg")));   // 2560 floats for -H
 * SpatialFeatures f = encoder.features(jpeg);   // 32 x 32 grid at 512 x 512, 1280 channels
 * }</pre>
 *
 * <p>Images are decoded and resized by an {@link ImagePreprocessor} (Pillow-exact by default) to the
 * configured {@linkplain Builder#resolution(int, int) resolution} with the configured
 * {@linkplain Builder#resizeMode(ResizeMode) resize mode}, then sent as UINT8 HWC (or as FP32/FP16
 * CHW in [0, 1] to engines whose input is {@code pixel_values}). When the
 * engine's input has a fixed size, that size is the default resolution and any other is refused.
 *
 * <p>The model's contract ({@link CRadioContract}) is read and checked when the encoder is built:
 * a model without {@code summary}/{@code features}, of the wrong types or not batching fails the
 * build with a {@link ModelContractException}.
 *
 * <p>List calls are split into batches of at most {@code max_batch_size} sent concurrently, results
 * in input order; if items fail, a {@link BatchException} lists them and carries the other
 * results. Single-item calls throw the item's own exception: {@link ImageException} for an
 * undecodable or oversized image, {@link RadioInputException} for a size the model refuses,
 * {@link BackendException} when the backend fails. Thread-safe; share one instance.
 */
public final class CRadioEncoder {

    /** Default of {@link Builder#modelName(String)}. */
    public static final String DEFAULT_MODEL_NAME = RadioModels.C_RADIO_V4_H;
    /** Default edge of {@link Builder#resolution(int, int)} for engines of variable size: RADIO's preferred 512. */
    public static final int DEFAULT_RESOLUTION = 512;
    /** Default of {@link Builder#resizeMode(ResizeMode)}: resize to exactly the resolution, as the transformers example. */
    public static final ResizeMode DEFAULT_RESIZE_MODE = ResizeMode.SQUASH;

    private final InferenceBackend backend;
    private final CRadioContract contract;
    private final ImageRunner runner;

    private CRadioEncoder(Builder b) {
        EncoderOptions options = b.options(DEFAULT_RESIZE_MODE, DEFAULT_RESOLUTION);
        this.backend = options.backend();
        this.contract = ModelContracts.cradio(backend, b.modelName());
        this.runner = options.imageRunner(contract.model(), contract.image(), contract.maxBatchSize(), false);
        if (b.verifyOnStart()) {
            verify();
        }
    }

    /** One blank image through the model, both outputs checked (patch count, widths). */
    private void verify() {
        try {
            runner.one(runner.blank(), this::sendBoth);
        } catch (ModelContractException e) {
            throw new ModelContractException(
                    "model '" + contract.model() + "' failed the start-up check: " + e.getMessage(), e);
        }
    }

    /** A builder; {@link Builder#backend(InferenceBackend)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The contract read from the model when this encoder was built. */
    public CRadioContract contract() {
        return contract;
    }

    /** Length of every summary vector (2560 for C-RADIOv4-H). */
    public int summaryDimension() {
        return contract.summaryDimension();
    }

    /** Channels of every feature vector (1280 for C-RADIOv4-H). */
    public int featureDimension() {
        return contract.featureDimension();
    }

    /** How images are resized before inference. */
    public ResizeSpec resizeSpec() {
        return runner.spec();
    }

    /**
     * The summary vector of one encoded image (JPEG, PNG, GIF, BMP, WebP).
     *
     * @throws ImageException if the image cannot be decoded or breaks a limit
     * @throws RadioInputException if its size after resizing is refused by the model
     * @throws BackendException if inference fails
     */
    public float[] summary(byte[] image) {
        return runner.one(image, this::sendSummaries);
    }

    /** The summary vector of an already preprocessed image. @throws RadioInputException for a size the model refuses */
    public float[] summary(PreprocessedImage image) {
        return runner.one(image, this::sendSummaries);
    }

    /**
     * The summary vectors of several encoded images, in order.
     *
     * @throws BatchException if some items failed (lists them, carries the others' results)
     * @throws RadioInputException if the list is longer than {@code maxItemsPerCall}
     */
    public List<float[]> summaries(List<byte[]> images) {
        return runner.all(images, this::sendSummaries);
    }

    /** {@link #summaries(List)} for already preprocessed images. */
    public List<float[]> summariesOfPreprocessed(List<PreprocessedImage> images) {
        return runner.all(images, this::sendSummaries);
    }

    /**
     * The dense features of one encoded image.
     *
     * @throws ImageException if the image cannot be decoded or breaks a limit
     * @throws RadioInputException if its size after resizing is refused by the model
     * @throws BackendException if inference fails
     * @throws ModelContractException if the model returns a patch count that does not match the image
     */
    public SpatialFeatures features(byte[] image) {
        return runner.one(image, this::sendFeatures);
    }

    /** The dense features of an already preprocessed image. */
    public SpatialFeatures features(PreprocessedImage image) {
        return runner.one(image, this::sendFeatures);
    }

    /**
     * The dense features of several encoded images, in order.
     *
     * @throws BatchException if some items failed
     * @throws RadioInputException if the list is longer than {@code maxItemsPerCall}
     */
    public List<SpatialFeatures> features(List<byte[]> images) {
        return runner.all(images, this::sendFeatures);
    }

    /** {@link #features(List)} for already preprocessed images. */
    public List<SpatialFeatures> featuresOfPreprocessed(List<PreprocessedImage> images) {
        return runner.all(images, this::sendFeatures);
    }

    /**
     * Summary and features of one encoded image from one inference (cheaper than calling
     * {@link #summary(byte[])} and {@link #features(byte[])}).
     *
     * @throws ImageException if the image cannot be decoded or breaks a limit
     * @throws RadioInputException if its size after resizing is refused by the model
     * @throws BackendException if inference fails
     */
    public CRadioOutput encode(byte[] image) {
        return runner.one(image, this::sendBoth);
    }

    /**
     * Summaries and features of several encoded images, in order, one inference per batch.
     *
     * @throws BatchException if some items failed
     * @throws RadioInputException if the list is longer than {@code maxItemsPerCall}
     */
    public List<CRadioOutput> encode(List<byte[]> images) {
        return runner.all(images, this::sendBoth);
    }

    private CompletableFuture<List<CRadioOutput>> sendBoth(
            InferInput images, List<ImageRunner.Prepared> group, CallDeadline deadline) {
        InferRequest request = InferRequest.builder()
                .modelName(runner.model(group))
                .input(images)
                .output(CRadioContract.SUMMARY)
                .output(CRadioContract.FEATURES)
                .build();
        return deadline.infer(backend, request).thenApply(result -> {
            List<float[]> summaries = summaries(result, group);
            List<SpatialFeatures> features = features(result, group);
            List<CRadioOutput> out = new ArrayList<>(group.size());
            for (int i = 0; i < group.size(); i++) {
                out.add(new CRadioOutput(summaries.get(i), features.get(i)));
            }
            return out;
        });
    }

    private CompletableFuture<List<float[]>> sendSummaries(
            InferInput images, List<ImageRunner.Prepared> group, CallDeadline deadline) {
        InferRequest request = InferRequest.builder()
                .modelName(runner.model(group))
                .input(images)
                .output(CRadioContract.SUMMARY)
                .build();
        return deadline.infer(backend, request).thenApply(result -> summaries(result, group));
    }

    private CompletableFuture<List<SpatialFeatures>> sendFeatures(
            InferInput images, List<ImageRunner.Prepared> group, CallDeadline deadline) {
        InferRequest request = InferRequest.builder()
                .modelName(runner.model(group))
                .input(images)
                .output(CRadioContract.FEATURES)
                .build();
        return deadline.infer(backend, request).thenApply(result -> features(result, group));
    }

    private List<float[]> summaries(InferResult result, List<ImageRunner.Prepared> group) {
        int n = group.size();
        int dim = contract.summaryDimension();
        return EncoderSupport.rows(
                EncoderSupport.floats(result, contract.model(), CRadioContract.SUMMARY, n, dim), n, dim);
    }

    /** The group's features, checked to hold one vector per patch of its (common) size. */
    private List<SpatialFeatures> features(InferResult result, List<ImageRunner.Prepared> group) {
        int n = group.size();
        int gh = group.getFirst().height() / RadioModels.PATCH_SIZE;
        int gw = group.getFirst().width() / RadioModels.PATCH_SIZE;
        int channels = contract.featureDimension();
        float[] all =
                EncoderSupport.floats(result, contract.model(), CRadioContract.FEATURES, n, (long) gh * gw, channels);
        return EncoderSupport.rows(all, n, gh * gw * channels).stream()
                .map(row -> SpatialFeatures.wrap(gh, gw, channels, row))
                .toList();
    }

    /**
     * Builds a {@link CRadioEncoder}: the settings of {@link SingleModelEncoderBuilder}, with this
     * encoder's defaults {@link CRadioEncoder#DEFAULT_MODEL_NAME}, {@link CRadioEncoder#DEFAULT_RESOLUTION}
     * and {@link CRadioEncoder#DEFAULT_RESIZE_MODE}. Not thread-safe.
     */
    public static final class Builder extends SingleModelEncoderBuilder<Builder, CRadioEncoder> {
        private Builder() {
            super(DEFAULT_MODEL_NAME, CRadioEncoder::new);
        }
    }
}

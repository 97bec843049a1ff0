package io.radio4j.core.encoder;

import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.internal.CallDeadline;
import io.radio4j.core.encoder.internal.EncoderSupport;
import io.radio4j.core.encoder.internal.ImageRunner;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.model.ModelContracts;
import io.radio4j.core.model.Radio1dContract;
import io.radio4j.core.model.RadioModels;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * RADIO1D image encoder: an elastic number of visual tokens per image, 1 up to
 * (H/32)·(W/32) (256 at 512 × 512), for a VLM whose token budget varies. Tokens are nested: the
 * first k of any answer are the k-token answer, so a caller can ask for fewer when time is short.
 *
 * <pre>{@code
 * Radio1dEncoder encoder = Radio1dEncoder.builder().backend(backend).build();
 * VisualTokens tokens = encoder.tokens(jpeg, 64);   // 64 tokens of 2560 floats, plus 10 prefix tokens
 * }</pre>
 *
 * <p>Only the requested tokens are returned; when the engine has the optional {@code num_tokens}
 * input, only they (and the prefix) cross the wire, otherwise the engine returns every token and
 * the encoder keeps the first n. A count outside 1..max for the image's model input size is
 * refused with a {@link RadioInputException} before anything is sent.
 *
 * <p>Contract, batching, failures and thread-safety as {@link CRadioEncoder}; responses are
 * checked (P + n tokens of the contract's width), a mismatch is a {@link ModelContractException}.
 */
public final class Radio1dEncoder {

    /** Default of {@link Builder#modelName(String)}. */
    public static final String DEFAULT_MODEL_NAME = RadioModels.RADIO1D_H;
    /** Default edge for engines of variable size: 512, which gives at most 256 tokens. */
    public static final int DEFAULT_RESOLUTION = 512;
    /** Default of {@link Builder#resizeMode(ResizeMode)}. */
    public static final ResizeMode DEFAULT_RESIZE_MODE = ResizeMode.SQUASH;

    private final InferenceBackend backend;
    private final Radio1dContract contract;
    private final ImageRunner runner;

    private Radio1dEncoder(Builder b) {
        EncoderOptions options = b.options(DEFAULT_RESIZE_MODE, DEFAULT_RESOLUTION);
        this.backend = options.backend();
        this.contract = ModelContracts.radio1d(backend, b.modelName());
        this.runner = options.imageRunner(contract.model(), contract.image(), contract.maxBatchSize(), false);
        if (b.verifyOnStart()) {
            verify();
        }
    }

    /** A builder; {@link Builder#backend(InferenceBackend)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The contract read from the model when this encoder was built. */
    public Radio1dContract contract() {
        return contract;
    }

    /** Floats per token (2560 for RADIO1D-H). */
    public int tokenDimension() {
        return contract.tokenDimension();
    }

    /** How images are resized before inference. */
    public ResizeSpec resizeSpec() {
        return runner.spec();
    }

    /**
     * The largest token count for the configured resolution: (H/32)·(W/32), rounded up per side.
     *
     * @throws IllegalStateException for SNAP16, where it depends on each image (see {@link Radio1dContract#maxTokens})
     */
    public int maxTokens() {
        ResizeSpec spec = runner.spec();
        if (!spec.hasFixedOutputSize()) {
            throw new IllegalStateException("with SNAP16 the maximum depends on each image's aspect ratio");
        }
        return Radio1dContract.maxTokens(spec.height(), spec.width());
    }

    /**
     * The first {@code numTokens} visual tokens of one encoded image.
     *
     * @throws RadioInputException if {@code numTokens} is outside 1..max for the image's size
     * @throws ImageException if the image cannot be decoded or breaks a limit
     * @throws BackendException if inference fails
     */
    public VisualTokens tokens(byte[] image, int numTokens) {
        EncoderSupport.requireInput(image, "image");
        checkCountUpFront(numTokens);
        return runner.one(image, (in, g, deadline) -> send(in, g, deadline, numTokens, contract.supportsNumTokens()));
    }

    /** {@link #tokens(byte[], int)} for an already preprocessed image; the range is checked against its own size. */
    public VisualTokens tokens(PreprocessedImage image, int numTokens) {
        EncoderSupport.requireInput(image, "image");
        checkCount(numTokens, image.height(), image.width());
        return runner.one(image, (in, g, deadline) -> send(in, g, deadline, numTokens, contract.supportsNumTokens()));
    }

    /**
     * The first {@code numTokens} visual tokens of each image, in order.
     *
     * @throws RadioInputException if {@code numTokens} is out of range or the list over {@code maxItemsPerCall}
     * @throws BatchException if some items failed
     */
    public List<VisualTokens> tokens(List<byte[]> images, int numTokens) {
        checkCountUpFront(numTokens);
        return runner.all(images, (in, g, deadline) -> send(in, g, deadline, numTokens, contract.supportsNumTokens()));
    }

    /** {@link #tokens(List, int)} for already preprocessed images; an item whose size allows fewer tokens fails alone. */
    public List<VisualTokens> tokensOfPreprocessed(List<PreprocessedImage> images, int numTokens) {
        requirePositive(numTokens);
        return runner.all(images, (in, g, deadline) -> send(in, g, deadline, numTokens, contract.supportsNumTokens()));
    }

    /** One blank image through the model asking for all its tokens, the answer's prefix count and width checked. */
    private void verify() {
        try {
            // Asking for every token pins the answer to exactly P + max tokens, which pins down P,
            // with or without the count input. The count is sent whenever the model lists it: a
            // model that requires it refuses a request without it.
            PreprocessedImage blank = runner.blank();
            int all = Radio1dContract.maxTokens(blank.height(), blank.width());
            runner.one(blank, (in, g, deadline) -> send(in, g, deadline, all, contract.supportsNumTokens()));
        } catch (ModelContractException e) {
            throw new ModelContractException(
                    "model '" + contract.model() + "' failed the start-up check (" + contract.prefixTokens()
                            + " prefix tokens expected): " + e.getMessage(),
                    e);
        }
    }

    private static void requirePositive(int numTokens) {
        if (numTokens < 1) {
            throw new RadioInputException("numTokens must be at least 1, got " + numTokens);
        }
    }

    /** The range check that needs no image: all of it when every image has the configured size, else only n >= 1. */
    private void checkCountUpFront(int numTokens) {
        requirePositive(numTokens);
        if (runner.spec().hasFixedOutputSize()) {
            checkCount(numTokens, runner.spec().height(), runner.spec().width());
        }
    }

    private static void checkCount(int numTokens, int height, int width) {
        int max = Radio1dContract.maxTokens(height, width);
        if (numTokens < 1 || numTokens > max) {
            throw new RadioInputException("numTokens must be in 1.." + max + " for a " + height + "x" + width
                    + " model input ((H/32)·(W/32)), got " + numTokens);
        }
    }

    private CompletableFuture<List<VisualTokens>> send(
            InferInput images,
            List<ImageRunner.Prepared> group,
            CallDeadline deadline,
            int numTokens,
            boolean sendCount) {
        int h = group.getFirst().height();
        int w = group.getFirst().width();
        checkCount(numTokens, h, w);
        int n = group.size();
        InferRequest.Builder request = InferRequest.builder()
                .modelName(runner.model(group))
                .input(images)
                .output(Radio1dContract.TOKENS);
        if (sendCount) {
            long[] shape = {n, 1};
            if (contract.numTokensType() == DataType.INT64) {
                long[] counts = new long[n];
                Arrays.fill(counts, numTokens);
                request.input(InferInput.ofInt64(Radio1dContract.NUM_TOKENS, shape, counts));
            } else {
                int[] counts = new int[n];
                Arrays.fill(counts, numTokens);
                request.input(InferInput.ofInt32(Radio1dContract.NUM_TOKENS, shape, counts));
            }
        }
        int prefix = contract.prefixTokens();
        int dim = contract.tokenDimension();
        int all = Radio1dContract.maxTokens(h, w);
        return deadline.infer(backend, request.build()).thenApply(result -> {
            InferOutput out = result.output(Radio1dContract.TOKENS);
            long[] shape = out.shape();
            long returned = shape.length == 3 ? shape[1] - prefix : -1;
            // The engine returns P + max(n) over the batch it ran; Triton's dynamic batcher may have
            // merged this request with others asking for more, so more than n is valid (and sliced).
            boolean lengthOk = sendCount ? returned >= numTokens && returned <= all : returned == all;
            if (shape.length != 3 || shape[0] != n || shape[2] != dim || !lengthOk) {
                throw new ModelContractException("model '" + contract.model() + "' returned tokens of shape "
                        + Arrays.toString(shape)
                        + " for " + n + " image(s) of " + h + "x" + w + " and numTokens " + numTokens + "; expected ["
                        + n + ", "
                        + prefix + " + " + (sendCount && numTokens < all ? numTokens + ".." + all : String.valueOf(all))
                        + ", " + dim + "]");
            }
            float[] data = out.asFloats();
            int stride = (int) shape[1] * dim;
            int keep = (prefix + numTokens) * dim;
            List<VisualTokens> tokens = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tokens.add(VisualTokens.wrap(
                        prefix, numTokens, dim, Arrays.copyOfRange(data, i * stride, i * stride + keep)));
            }
            return tokens;
        });
    }

    /**
     * Builds a {@link Radio1dEncoder}: the settings of {@link SingleModelEncoderBuilder}, with this
     * encoder's defaults {@link Radio1dEncoder#DEFAULT_MODEL_NAME}, {@link Radio1dEncoder#DEFAULT_RESOLUTION}
     * and {@link Radio1dEncoder#DEFAULT_RESIZE_MODE}. Not thread-safe.
     */
    public static final class Builder extends SingleModelEncoderBuilder<Builder, Radio1dEncoder> {
        private Builder() {
            super(DEFAULT_MODEL_NAME, Radio1dEncoder::new);
        }
    }
}

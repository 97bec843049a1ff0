package io.radio4j.core.model;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.DataType;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.TensorMetadata;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads each RADIO family's contract from a backend's model metadata and configuration and checks
 * it: tensor names, datatypes, ranks, fixed widths, batching, parameters. Every check that fails
 * raises a {@link ModelContractException} naming the model, the tensor, what was expected and
 * what the engine declares.
 *
 * <p>Stateless and thread-safe; each call asks the backend once for metadata and configuration.
 */
public final class ModelContracts {

    private static final Set<DataType> FLOATS = EnumSet.of(DataType.FP32, DataType.FP16, DataType.BF16);
    private static final Set<DataType> INTEGERS = EnumSet.of(DataType.INT32, DataType.INT64);

    private ModelContracts() {}

    /**
     * The C-RADIOv4 contract of {@code model}.
     *
     * @throws ModelContractException if the model does not have it
     * @throws BackendException if the backend does not know the model or cannot be reached
     */
    public static CRadioContract cradio(InferenceBackend backend, String model) {
        Served served = Served.read(backend, model);
        ImageInput image = served.image();
        TensorMetadata summary = served.output(CRadioContract.SUMMARY, FLOATS, 2);
        TensorMetadata features = served.output(CRadioContract.FEATURES, FLOATS, 3);
        return new CRadioContract(
                model,
                served.maxBatchSize(),
                image,
                served.fixed(summary, 1),
                served.fixed(features, 2),
                features.dataType());
    }

    /**
     * The RADIO1D contract of {@code model}; the prefix-token count comes from the config parameter
     * {@value Radio1dContract#PREFIX_TOKENS_PARAMETER} when present, else
     * {@value RadioModels#PREFIX_TOKENS}.
     *
     * @throws ModelContractException if the model does not have it, or a fixed output length does
     *     not equal prefix + (H/32)·(W/32) for its fixed resolution
     * @throws BackendException if the backend does not know the model or cannot be reached
     */
    public static Radio1dContract radio1d(InferenceBackend backend, String model) {
        Served served = Served.read(backend, model);
        ImageInput image = served.image();
        TensorMetadata tokens = served.output(Radio1dContract.TOKENS, FLOATS, 3);
        DataType numTokensType = null;
        Optional<TensorMetadata> numTokens = served.optionalInput(Radio1dContract.NUM_TOKENS);
        if (numTokens.isPresent()) {
            served.check(
                    INTEGERS.contains(numTokens.get().dataType())
                            && Arrays.equals(numTokens.get().shape(), new long[] {-1, 1}),
                    "input 'num_tokens' must be INT32 or INT64 [1] per item, but is " + describe(numTokens.get()));
            numTokensType = numTokens.get().dataType();
        }
        int prefix =
                served.intParameter(Radio1dContract.PREFIX_TOKENS_PARAMETER).orElse(RadioModels.PREFIX_TOKENS);
        long length = tokens.shape()[1];
        if (length > 0 && image.isFixed()) {
            int expected = prefix + Radio1dContract.maxTokens(image.height(), image.width());
            served.check(
                    length == expected,
                    "output 'tokens' has a fixed length of " + length + ", but " + prefix
                            + " prefix tokens + the " + (expected - prefix) + " tokens of a " + image.height() + "x"
                            + image.width()
                            + " image make " + expected);
        }
        return new Radio1dContract(model, served.maxBatchSize(), image, numTokensType, served.fixed(tokens, 2), prefix);
    }

    /**
     * The RADIO-CLIP image-tower contract of {@code model}.
     *
     * @throws ModelContractException if the model does not have it
     * @throws BackendException if the backend does not know the model or cannot be reached
     */
    public static ClipVisionContract clipVision(InferenceBackend backend, String model) {
        Served served = Served.read(backend, model);
        TensorMetadata embedding = served.output(ClipVisionContract.EMBEDDING, FLOATS, 2);
        return new ClipVisionContract(model, served.maxBatchSize(), served.image(), served.fixed(embedding, 1));
    }

    /**
     * The RADIO-CLIP text-tower contract of {@code model}, with SigLIP calibration when the config
     * has both {@value RadioModels#LOGIT_SCALE_PARAMETER} and {@value RadioModels#LOGIT_BIAS_PARAMETER}.
     *
     * @throws ModelContractException if the model does not have it, or only one of the two
     *     parameters is present, or one is not a number
     * @throws BackendException if the backend does not know the model or cannot be reached
     */
    public static ClipTextContract clipText(InferenceBackend backend, String model) {
        Served served = Served.read(backend, model);
        TensorMetadata ids = served.input(ClipTextContract.INPUT_IDS, INTEGERS, 2);
        TensorMetadata embedding = served.output(ClipVisionContract.EMBEDDING, FLOATS, 2);
        Optional<Double> scale = served.doubleParameter(RadioModels.LOGIT_SCALE_PARAMETER);
        Optional<Double> bias = served.doubleParameter(RadioModels.LOGIT_BIAS_PARAMETER);
        served.check(
                scale.isPresent() == bias.isPresent(),
                "config has only one of the parameters '" + RadioModels.LOGIT_SCALE_PARAMETER + "' and '"
                        + RadioModels.LOGIT_BIAS_PARAMETER + "'; give both or neither");
        Optional<SigLipCalibration> calibration = scale.map(s -> new SigLipCalibration(s, bias.orElseThrow()));
        return new ClipTextContract(
                model,
                served.maxBatchSize(),
                ids.dataType(),
                served.fixed(ids, 1),
                served.fixed(embedding, 1),
                calibration);
    }

    private static String describe(TensorMetadata t) {
        return t.dataType() + " " + Arrays.toString(t.shape()).replace(" ", "");
    }

    /** One model's metadata and configuration, with the checks every contract shares. */
    private record Served(String model, ModelMetadata metadata, ModelConfiguration config) {

        static Served read(InferenceBackend backend, String model) {
            ModelMetadata metadata = backend.modelMetadata(model);
            ModelConfiguration config = backend.modelConfig(model);
            Served served = new Served(model, metadata, config);
            served.check(
                    config.maxBatchSize() > 0,
                    "max_batch_size is " + config.maxBatchSize()
                            + "; radio4j needs a batching model (max_batch_size > 0)");
            return served;
        }

        int maxBatchSize() {
            return config.maxBatchSize();
        }

        void check(boolean condition, String message) {
            if (!condition) {
                throw new ModelContractException("model '" + model + "': " + message);
            }
        }

        ImageInput image() {
            boolean hwc = optionalInput(ImageInput.UINT8_HWC_NAME).isPresent();
            boolean chw = optionalInput(ImageInput.FLOAT_CHW_NAME).isPresent();
            check(
                    hwc || chw,
                    "has no image input: expected UINT8 '" + ImageInput.UINT8_HWC_NAME + "' [H, W, 3] or FP32/FP16 '"
                            + ImageInput.FLOAT_CHW_NAME + "' [3, H, W]; its inputs are "
                            + metadata.inputs().stream()
                                    .map(x -> x.name() + " " + describe(x))
                                    .toList());
            TensorMetadata image = hwc
                    ? input(ImageInput.UINT8_HWC_NAME, EnumSet.of(DataType.UINT8), 4)
                    : input(ImageInput.FLOAT_CHW_NAME, FLOATS, 4);
            long[] s = image.shape();
            int channelDim = hwc ? 3 : 1;
            int heightDim = hwc ? 1 : 2;
            check(
                    s[channelDim] == 3,
                    "input '" + image.name() + "' must have 3 (RGB) channels "
                            + (hwc ? "last ([H, W, 3])" : "first ([3, H, W])") + ", but is " + describe(image));
            for (int i = heightDim; i <= heightDim + 1; i++) {
                check(
                        s[i] == -1 || (s[i] > 0 && s[i] % RadioModels.PATCH_SIZE == 0 && s[i] <= Integer.MAX_VALUE),
                        "input '" + image.name() + "' height and width must be -1 or multiples of "
                                + RadioModels.PATCH_SIZE + ", but is " + describe(image));
            }
            int[] min = size(ImageInput.MIN_HW_PARAMETER);
            int[] max = size(ImageInput.MAX_HW_PARAMETER);
            return new ImageInput(
                    image.name(),
                    (int) s[heightDim],
                    (int) s[heightDim + 1],
                    image.dataType(),
                    new ImageInput.ImageBounds(min[0], min[1], max[0], max[1]));
        }

        /** A {@code "HxW"} parameter as {height, width}; {0, 0} when absent. */
        private int[] size(String key) {
            Optional<String> value = parameter(key);
            if (value.isEmpty()) {
                return new int[] {0, 0};
            }
            String[] parts = value.get().toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (parts.length == 2) {
                    return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ModelContractException("model '" + model + "': parameter '" + key
                    + "' must be HxW, e.g. 224x224, but is '" + value.get() + "'");
        }

        TensorMetadata input(String name, Set<DataType> types, int rank) {
            return tensor(metadata.inputs(), "input", name, types, rank);
        }

        Optional<TensorMetadata> optionalInput(String name) {
            return metadata.inputs().stream().filter(t -> t.name().equals(name)).findFirst();
        }

        TensorMetadata output(String name, Set<DataType> types, int rank) {
            return tensor(metadata.outputs(), "output", name, types, rank);
        }

        private TensorMetadata tensor(
                List<TensorMetadata> tensors, String kind, String name, Set<DataType> types, int rank) {
            TensorMetadata t = tensors.stream()
                    .filter(x -> x.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new ModelContractException(
                            "model '" + model + "': has no " + kind + " '" + name + "'; its " + kind + "s are "
                                    + tensors.stream()
                                            .map(x -> x.name() + " " + describe(x))
                                            .toList()));
            check(
                    types.contains(t.dataType()),
                    kind + " '" + name + "' must be one of " + types + ", but is " + describe(t));
            check(
                    t.shape().length == rank,
                    kind + " '" + name + "' must have " + (rank - 1)
                            + " dimension(s) after the batch dimension, but is " + describe(t));
            return t;
        }

        int fixed(TensorMetadata t, int dim) {
            long v = t.shape()[dim];
            check(
                    v > 0 && v <= Integer.MAX_VALUE,
                    "tensor '" + t.name() + "' must have a fixed size in dimension " + dim + ", but is " + describe(t));
            return (int) v;
        }

        Optional<String> parameter(String key) {
            String p = config.parameter(key);
            return p == null ? Optional.empty() : Optional.of(p.trim());
        }

        Optional<Double> doubleParameter(String key) {
            return parameter(key).map(v -> {
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new ModelContractException(
                            "model '" + model + "': parameter '" + key + "' is not a number: '" + v + "'");
                }
            });
        }

        Optional<Integer> intParameter(String key) {
            return parameter(key).map(v -> {
                try {
                    return Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new ModelContractException(
                            "model '" + model + "': parameter '" + key + "' is not an integer: '" + v + "'");
                }
            });
        }
    }
}

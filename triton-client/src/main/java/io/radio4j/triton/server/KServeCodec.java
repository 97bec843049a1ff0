package io.radio4j.triton.server;

import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.internal.ConfigMapper;
import io.radio4j.triton.internal.WireMapper;
import io.radio4j.triton.protocol.InferParameter;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelMetadataResponse;
import java.util.List;
import java.util.Map;

/**
 * The server side of the KServe v2 wire mapping, for code that implements
 * {@code GRPCInferenceService} on top of this module's value types (radio4j's own KServe server,
 * test doubles): reads request messages into {@link InferInput}s and writes {@link InferResult},
 * {@link ModelMetadata}, {@link ModelConfiguration} and {@link ModelStatistics} as response
 * messages. It is the same mapping the client uses in the other direction, so both ends agree by
 * construction.
 *
 * <p>This package speaks the generated protocol types on purpose: a server answers in them. Client
 * code does not need it. Stateless and thread-safe.
 */
public final class KServeCodec {
    private KServeCodec() {}

    /**
     * The inputs of a request message: raw contents paired with the inputs by index, or typed
     * contents re-encoded in raw layout. Raw input bytes are wrapped, not copied.
     *
     * @throws IllegalArgumentException if raw and typed contents are mixed, a raw buffer is missing,
     *     a datatype is unknown or bytes do not match a shape
     */
    public static List<InferInput> inputs(ModelInferRequest request) {
        return WireMapper.inputsFromProto(request);
    }

    /** Protocol parameters (of a request, a tensor or a response) as Java values: Boolean, Long, String or Double. */
    public static Map<String, Object> parameters(Map<String, InferParameter> parameters) {
        return WireMapper.fromParameters(parameters);
    }

    /**
     * The response message of a result: the result's parameters, then each output in order with its
     * datatype, shape and parameters, and its bytes in {@code raw_output_contents} (one entry per
     * output, as Triton's {@code infer_handler.cc} writes them). Output bytes are wrapped, not copied.
     *
     * @throws IllegalArgumentException if a parameter value is not Boolean, Integer, Long, String or Double
     */
    public static ModelInferResponse response(InferResult result) {
        return WireMapper.toProto(result);
    }

    /** The metadata response message of a metadata value. */
    public static ModelMetadataResponse metadata(ModelMetadata metadata) {
        return WireMapper.toProto(metadata);
    }

    /**
     * The configuration message of a configuration value. Fields {@link ModelConfiguration} does not
     * carry are left at their defaults; a server fills its own defaults on top.
     */
    public static ModelConfig config(ModelConfiguration configuration) {
        return ConfigMapper.toProto(configuration);
    }

    /** The configuration value of a configuration message (e.g. one parsed from {@code config.pbtxt}). */
    public static ModelConfiguration configuration(ModelConfig config) {
        return ConfigMapper.fromProto(config);
    }

    /**
     * The datatype of a model-configuration enum value ({@code TYPE_FP32}, {@code TYPE_STRING}).
     *
     * @throws IllegalArgumentException for {@code TYPE_INVALID} or an unrecognized value
     */
    public static DataType dataType(io.radio4j.triton.protocol.DataType configType) {
        return ConfigMapper.dataType(configType);
    }

    /** A datatype as the model-configuration enum value. */
    public static io.radio4j.triton.protocol.DataType configType(DataType type) {
        return ConfigMapper.configType(type);
    }

    /** The statistics message of a statistics value. */
    public static io.radio4j.triton.protocol.ModelStatistics statistics(ModelStatistics statistics) {
        return ConfigMapper.toProto(statistics);
    }
}

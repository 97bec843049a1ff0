package io.radio4j.benchmarks.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.TensorMetadata;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds the requests a {@link KServeTarget} sends, from a model's metadata: either synthetic
 * tensors (like perf_analyzer's default {@code --input-data random}) or the entries of a
 * perf_analyzer input-data JSON file, each replicated to the batch size as {@code -b} does.
 *
 * <p>Stateless and thread-safe.
 */
public final class KServeRequests {

    /** Default most entries read from one input-data file: each becomes a request held in memory. */
    public static final int DEFAULT_MAX_ENTRIES = 1_024;

    private KServeRequests() {}

    /**
     * One request of random UINT8 pixels (and 1 for integer inputs, 0..1 for floats, so token ids and
     * counts stay valid) per input.
     *
     * @param batching whether the model batches (its metadata shapes then start with the batch dim)
     * @param shapes per-item shapes for inputs with -1 dims, as perf_analyzer's {@code --shape}
     * @throws IllegalArgumentException naming the input if a shape is missing or has -1 dims
     */
    public static List<InferRequest> synthetic(
            ModelMetadata metadata, boolean batching, Map<String, long[]> shapes, int batch, long seed) {
        checkBatch(batching, batch);
        SplittableRandom random = new SplittableRandom(seed);
        InferRequest.Builder request = InferRequest.builder().modelName(metadata.name());
        for (TensorMetadata input : metadata.inputs()) {
            long[] item = itemShape(input, batching, shapes.get(input.name()));
            long elements = count(item);
            DataType type = input.dataType();
            if (!type.isFixedSize()) {
                throw new IllegalArgumentException("input '" + input.name() + "' is " + type
                        + ": synthetic data covers fixed-size types only; use --input-data");
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(elements * type.byteSize()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < elements; i++) {
                switch (type) {
                    case UINT8, INT8, BOOL -> bytes.put((byte) (type == DataType.UINT8 ? random.nextInt(256) : 1));
                    case INT16, UINT16 -> bytes.putShort((short) 1);
                    case INT32, UINT32 -> bytes.putInt(1);
                    case INT64, UINT64 -> bytes.putLong(1);
                    case FP16 -> bytes.putShort(Float.floatToFloat16((float) random.nextDouble()));
                    case BF16 -> bytes.putShort((short) (Float.floatToIntBits((float) random.nextDouble()) >>> 16));
                    case FP32 -> bytes.putFloat((float) random.nextDouble());
                    case FP64 -> bytes.putDouble(random.nextDouble());
                    default ->
                        throw new IllegalArgumentException(
                                "unsupported datatype " + type + " of input '" + input.name() + "'");
                }
            }
            request.input(batched(input.name(), type, item, bytes.array(), batching, batch));
        }
        return List.of(request.build());
    }

    /**
     * One request per entry of a perf_analyzer input-data document ({@code {"data": [...]}}). Each
     * tensor may be a flat JSON array, {@code {"b64": ...}}, or {@code {"content": ..., "shape": [...]}}.
     *
     * @param maxEntries most entries accepted (each becomes a request held in memory)
     * @throws IllegalArgumentException naming the entry and tensor for anything perf_analyzer would
     *     also refuse (unknown tensor, wrong element count, FP16 as an array) or this reader does not
     *     support (BYTES tensors, sequence streams), or for more than {@code maxEntries} entries
     */
    public static List<InferRequest> fromInputData(
            ModelMetadata metadata,
            boolean batching,
            Map<String, long[]> shapes,
            JsonNode document,
            int batch,
            int maxEntries) {
        checkBatch(batching, batch);
        JsonNode data = document.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw new IllegalArgumentException("input data must have a non-empty \"data\" array");
        }
        if (data.size() > maxEntries) {
            throw new IllegalArgumentException("input data has " + data.size() + " entries, more than the maximum of "
                    + maxEntries + " (--max-input-entries)");
        }
        List<InferRequest> requests = new ArrayList<>();
        for (int e = 0; e < data.size(); e++) {
            JsonNode entry = data.get(e);
            if (!entry.isObject()) {
                throw new IllegalArgumentException(
                        "entry " + e + " is not an object (sequence streams are not supported)");
            }
            InferRequest.Builder request = InferRequest.builder().modelName(metadata.name());
            for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                TensorMetadata input;
                try {
                    input = metadata.input(field.getKey());
                } catch (IllegalArgumentException unknown) {
                    throw new IllegalArgumentException("entry " + e + ": " + unknown.getMessage(), unknown);
                }
                request.input(tensor(e, input, batching, shapes.get(input.name()), field.getValue(), batch));
            }
            requests.add(request.build());
        }
        return requests;
    }

    private static InferInput tensor(
            int entry, TensorMetadata input, boolean batching, long[] override, JsonNode node, int batch) {
        String where = "entry " + entry + ", input '" + input.name() + "'";
        JsonNode content = node;
        long[] item = null;
        if (node.isObject() && node.has("content")) {
            content = node.get("content");
            if (node.has("shape")) {
                JsonNode shape = node.get("shape");
                item = new long[shape.size()];
                for (int i = 0; i < item.length; i++) {
                    item[i] = shape.get(i).asLong();
                }
            }
        }
        if (item == null) {
            item = itemShape(input, batching, override);
        }
        DataType type = input.dataType();
        if (!type.isFixedSize()) {
            throw new IllegalArgumentException(where + ": BYTES tensors are not supported by the load generator");
        }
        long elements = count(item);
        byte[] bytes;
        if (content.isObject() && content.has("b64")) {
            bytes = Base64.getDecoder().decode(content.get("b64").asText());
        } else if (content.isArray()) {
            if (type == DataType.FP16 || type == DataType.BF16) {
                throw new IllegalArgumentException(
                        where + ": " + type + " must be given as b64, as perf_analyzer requires");
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(content.size() * (long) type.byteSize()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode value : content) {
                switch (type) {
                    case UINT8, INT8 -> buffer.put((byte) value.asInt());
                    case BOOL -> buffer.put((byte) (value.asBoolean() ? 1 : 0));
                    case INT16, UINT16 -> buffer.putShort((short) value.asInt());
                    case INT32, UINT32 -> buffer.putInt(value.asInt());
                    case INT64, UINT64 -> buffer.putLong(value.asLong());
                    case FP32 -> buffer.putFloat((float) value.asDouble());
                    case FP64 -> buffer.putDouble(value.asDouble());
                    default -> throw new IllegalArgumentException(where + ": unsupported datatype " + type);
                }
            }
            bytes = buffer.array();
        } else {
            throw new IllegalArgumentException(where + ": content must be an array or {\"b64\": ...}");
        }
        if (bytes.length != elements * type.byteSize()) {
            throw new IllegalArgumentException(where + ": " + bytes.length + " bytes do not fill shape "
                    + java.util.Arrays.toString(item) + " of " + type);
        }
        return batched(input.name(), type, item, bytes, batching, batch);
    }

    private static InferInput batched(
            String name, DataType type, long[] item, byte[] one, boolean batching, int batch) {
        if (!batching) {
            return InferInput.ofRaw(name, type, item, ByteBuffer.wrap(one));
        }
        long[] shape = new long[item.length + 1];
        shape[0] = batch;
        System.arraycopy(item, 0, shape, 1, item.length);
        ByteBuffer all = ByteBuffer.allocate(Math.multiplyExact(one.length, batch));
        for (int i = 0; i < batch; i++) {
            all.put(one);
        }
        return InferInput.ofRaw(name, type, shape, all.flip());
    }

    private static long[] itemShape(TensorMetadata input, boolean batching, long[] override) {
        long[] full = input.shape();
        long[] item = batching ? java.util.Arrays.copyOfRange(full, 1, full.length) : full.clone();
        if (override != null) {
            if (override.length != item.length) {
                throw new IllegalArgumentException("--shape for '" + input.name() + "' has " + override.length
                        + " dims, the model's input has " + item.length + " (batch dim excluded)");
            }
            item = override.clone();
        }
        for (long d : item) {
            if (d < 1) {
                throw new IllegalArgumentException("input '" + input.name() + "' has variable dims "
                        + java.util.Arrays.toString(item) + ": give --shape " + input.name() + ":d1,d2,...");
            }
        }
        return item;
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static void checkBatch(boolean batching, int batch) {
        if (batch < 1 || (!batching && batch != 1)) {
            throw new IllegalArgumentException(
                    batching
                            ? "batch size must be positive: " + batch
                            : "the model does not batch (max_batch_size 0): batch size must be 1, got " + batch);
        }
    }
}

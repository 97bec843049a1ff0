package io.radio4j.core.backend.internal;

import com.google.protobuf.ByteString;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.protocol.ModelInferResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Triton's classification extension: an output requested with {@code classification: k} comes
 * back as a BYTES tensor of shape {@code [batch, min(k, n)]} (or {@code [min(k, n)]} without
 * batching) whose elements read {@code "<value>:<index>[:<label>]"}, highest values first (server
 * {@code src/classification.cc} {@code TopkClassifications}, {@code AddClassResults}; placement in
 * {@code src/grpc/infer_handler.h} {@code InferResponseCompleteCommon}). Values print as C++
 * {@code std::to_string} does: integers plainly, floating point with six decimals.
 */
final class Classification {

    private Classification() {}

    static void apply(
            ModelInferResponse.Builder response,
            int index,
            int k,
            InferOutput output,
            List<String> labels,
            boolean batching) {
        DataType type = output.dataType();
        if (!type.isFixedSize() || type == DataType.BOOL || type == DataType.FP16 || type == DataType.BF16) {
            throw TritonError.invalid(
                    "class result not available for output due to unsupported type '" + type.wireName() + "'");
        }
        long[] shape = output.shape();
        boolean batched = batching && shape.length > 0;
        int batch = batched ? (int) shape[0] : 0;
        long perItem = 1;
        for (int i = batched ? 1 : 0; i < shape.length; i++) {
            perItem *= shape[i];
        }
        if (perItem > 1_000_000) {
            throw TritonError.invalid("classification output tensor too large");
        }
        ByteBuffer data = output.data().order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        for (int item = 0; item < Math.max(1, batch); item++) {
            int base = (int) (item * perItem);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < perItem; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> value(data, type, base + i))
                    .reversed());
            for (int r = 0; r < Math.min(k, perItem); r++) {
                int i = order.get(r);
                String text = format(data, type, base + i) + ":" + i
                        + (i < labels.size() && !labels.isEmpty() ? ":" + labels.get(i) : "");
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                serialized.writeBytes(ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(bytes.length)
                        .array());
                serialized.writeBytes(bytes);
            }
        }
        ModelInferResponse.InferOutputTensor.Builder tensor =
                response.getOutputsBuilder(index).setDatatype("BYTES").clearShape();
        if (batch > 0) {
            tensor.addShape(batch);
        }
        tensor.addShape(Math.min(k, perItem));
        response.setRawOutputContents(index, ByteString.copyFrom(serialized.toByteArray()));
    }

    private static double value(ByteBuffer b, DataType type, int i) {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedInt(b.get(i));
            case INT8 -> b.get(i);
            case UINT16 -> Short.toUnsignedInt(b.getShort(i * 2));
            case INT16 -> b.getShort(i * 2);
            case UINT32 -> Integer.toUnsignedLong(b.getInt(i * 4));
            case INT32 -> b.getInt(i * 4);
            case UINT64, INT64 -> b.getLong(i * 8);
            case FP32 -> b.getFloat(i * 4);
            case FP64 -> b.getDouble(i * 8);
            default -> 0;
        };
    }

    private static String format(ByteBuffer b, DataType type, int i) {
        return switch (type) {
            case FP32 -> String.format(Locale.ROOT, "%f", b.getFloat(i * 4));
            case FP64 -> String.format(Locale.ROOT, "%f", b.getDouble(i * 8));
            case UINT64 -> Long.toUnsignedString(b.getLong(i * 8));
            default -> String.valueOf((long) value(b, type, i));
        };
    }
}

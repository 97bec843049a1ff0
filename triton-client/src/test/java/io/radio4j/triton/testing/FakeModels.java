package io.radio4j.triton.testing;

import com.google.protobuf.TextFormat;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.protocol.ModelConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Ready-made fake models, configured in config.pbtxt text as a Triton repository would be. */
public final class FakeModels {
    private FakeModels() {}

    /** echo, simple, image_sum, fp16_double and text. */
    public static List<FakeModel> standard() {
        return List.of(echo(), simple(), imageSum(), fp16Double(), text());
    }

    /** Parses config.pbtxt text. */
    public static ModelConfig config(String pbtxt) {
        try {
            return TextFormat.parse(pbtxt, ModelConfig.class);
        } catch (TextFormat.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** "echo": declares no inputs, accepts any, and returns each input unchanged as an output of the same name. */
    public static FakeModel echo() {
        return new FakeModel(
                config("name: \"echo\" platform: \"fake\" max_batch_size: 0"),
                (inputs, parameters) -> inputs.stream()
                        .map(in -> new InferOutput(in.name(), in.dataType(), in.shape(), in.data(), Map.of()))
                        .toList());
    }

    /** "simple": Triton's example model. INPUT0, INPUT1 INT32 [16], batch 8; OUTPUT0 = sum, OUTPUT1 = difference. */
    public static FakeModel simple() {
        String pbtxt = """
        name: "simple"
        platform: "fake"
        max_batch_size: 8
        input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 16 ] },
                { name: "INPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
        output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 16 ] },
                 { name: "OUTPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
        dynamic_batching { max_queue_delay_microseconds: 100 }
        instance_group [ { count: 1 kind: KIND_CPU } ]
        """;
        return new FakeModel(config(pbtxt), (inputs, parameters) -> {
            InferInput a = find(inputs, "INPUT0");
            InferInput b = find(inputs, "INPUT1");
            int n = (int) a.elementCount();
            ByteBuffer sum = le(n * 4);
            ByteBuffer diff = le(n * 4);
            for (int i = 0; i < n; i++) {
                int x = a.data().getInt(4 * i);
                int y = b.data().getInt(4 * i);
                sum.putInt(4 * i, x + y);
                diff.putInt(4 * i, x - y);
            }
            return List.of(
                    new InferOutput("OUTPUT0", DataType.INT32, a.shape(), sum, Map.of()),
                    new InferOutput("OUTPUT1", DataType.INT32, a.shape(), diff, Map.of()));
        });
    }

    /** "image_sum": image UINT8 [4, 4, 3], batch 64; sum INT64 [1] = sum of each image's bytes, mean FP32 [1]. */
    public static FakeModel imageSum() {
        String pbtxt = """
        name: "image_sum"
        platform: "fake"
        max_batch_size: 64
        input [ { name: "image" data_type: TYPE_UINT8 format: FORMAT_NHWC dims: [ 4, 4, 3 ] } ]
        output [ { name: "sum" data_type: TYPE_INT64 dims: [ 1 ] },
                 { name: "mean" data_type: TYPE_FP32 dims: [ 1 ] } ]
        """;
        return new FakeModel(config(pbtxt), (inputs, parameters) -> {
            InferInput image = find(inputs, "image");
            int batch = (int) image.shape()[0];
            int perImage = 4 * 4 * 3;
            ByteBuffer sums = le(batch * 8);
            ByteBuffer means = le(batch * 4);
            ByteBuffer data = image.data();
            for (int b = 0; b < batch; b++) {
                long total = 0;
                for (int i = 0; i < perImage; i++) {
                    total += data.get(b * perImage + i) & 0xFF;
                }
                sums.putLong(8 * b, total);
                means.putFloat(4 * b, total / (float) perImage);
            }
            long[] shape = {batch, 1};
            return List.of(
                    new InferOutput("sum", DataType.INT64, shape, sums, Map.of()),
                    new InferOutput("mean", DataType.FP32, shape, means, Map.of()));
        });
    }

    /** "fp16_double": x FP16 [4], no batching; y FP16 [4] = 2x. */
    public static FakeModel fp16Double() {
        String pbtxt = """
        name: "fp16_double"
        platform: "fake"
        input [ { name: "x" data_type: TYPE_FP16 dims: [ 4 ] } ]
        output [ { name: "y" data_type: TYPE_FP16 dims: [ 4 ] } ]
        """;
        return new FakeModel(config(pbtxt), (inputs, parameters) -> {
            InferInput x = find(inputs, "x");
            ByteBuffer y = le(8);
            for (int i = 0; i < 4; i++) {
                y.putShort(
                        2 * i,
                        Float.floatToFloat16(2 * Float.float16ToFloat(x.data().getShort(2 * i))));
            }
            return List.of(new InferOutput("y", DataType.FP16, x.shape(), y, Map.of()));
        });
    }

    /** "text": text BYTES [-1], no batching; length INT32 [-1] (UTF-8 bytes per element), upper BYTES [-1]. */
    public static FakeModel text() {
        String pbtxt = """
        name: "text"
        platform: "fake"
        input [ { name: "text" data_type: TYPE_STRING dims: [ -1 ] } ]
        output [ { name: "length" data_type: TYPE_INT32 dims: [ -1 ] },
                 { name: "upper" data_type: TYPE_STRING dims: [ -1 ] } ]
        """;
        return new FakeModel(config(pbtxt), (inputs, parameters) -> {
            InferInput text = find(inputs, "text");
            List<byte[]> elements = io.radio4j.triton.internal.ByteTensors.decode(text.data());
            ByteBuffer lengths = le(elements.size() * 4);
            List<String> upper = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                lengths.putInt(4 * i, elements.get(i).length);
                upper.add(new String(elements.get(i), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT));
            }
            InferInput upperTensor = InferInput.ofStrings("upper", text.shape(), upper);
            return List.of(
                    new InferOutput("length", DataType.INT32, text.shape(), lengths, Map.of()),
                    new InferOutput("upper", DataType.BYTES, text.shape(), upperTensor.data(), Map.of()));
        });
    }

    private static InferInput find(List<InferInput> inputs, String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}

package io.radio4j.modelrepo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exported ONNX graphs, run by ONNX Runtime, reproduce the PyTorch outputs the generator
 * recorded, including at resolutions other than the one the export traced (so no shape was frozen
 * into the graph), and keep the token-layout promises of each family.
 */
class TinyModelGoldenTest {

    private static final float TOLERANCE = 1e-4f;
    private static final int NUM_PREFIX = 10;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final Map<String, OrtSession> SESSIONS = new HashMap<>();

    @BeforeAll
    static void open() throws OrtException {
        for (String model : TinyRepository.MODELS) {
            SESSIONS.put(
                    model, ENV.createSession(TinyRepository.onnx(model).toString(), new OrtSession.SessionOptions()));
        }
    }

    @AfterAll
    static void close() throws OrtException {
        for (OrtSession session : SESSIONS.values()) {
            session.close();
        }
    }

    @Test
    void c_radio_models_should_match_pytorch_at_several_resolutions() throws Exception {
        for (String model : new String[] {"c_radio_v4_h", "c_radio_v4_so400m"}) {
            for (JsonNode c : golden(model)) {
                Map<String, float[]> out = run(model, c, null);
                assertClose(model + " summary", out.get("summary"), c.at("/outputs/summary"));
                assertClose(model + " features", out.get("features"), c.at("/outputs/features"));
            }
        }
    }

    @Test
    void c_radio_features_should_have_one_row_per_16x16_patch() throws Exception {
        JsonNode c = golden("c_radio_v4_h").get(0);
        long[] shape = shapeOf("c_radio_v4_h", c, null, "features");
        int height = c.at("/image/1").asInt();
        int width = c.at("/image/2").asInt();

        assertThat(shape[1]).isEqualTo((long) (height / 16) * (width / 16));
    }

    @Test
    void radio1d_should_match_pytorch_with_and_without_num_tokens() throws Exception {
        for (JsonNode c : golden("radio1d_h")) {
            int[] counts = c.get("num_tokens").isNull() ? null : ints(c.get("num_tokens"));
            Map<String, float[]> out = run(
                    "radio1d_h", c, counts == null ? allTokens(c.at("/image/0").asInt()) : counts);
            assertClose("radio1d_h tokens", out.get("tokens"), c.at("/outputs/tokens"));
        }
    }

    @Test
    void radio1d_tokens_should_be_nested() throws Exception {
        JsonNode all = golden("radio1d_h").get(0);
        int batch = all.at("/image/0").asInt();
        float[] full = run("radio1d_h", all, allTokens(batch)).get("tokens");
        long[] fullShape = shapeOf("radio1d_h", all, allTokens(batch), "tokens");
        int width = (int) fullShape[2];
        int[] three = new int[batch];
        Arrays.fill(three, 3);
        float[] short3 = run("radio1d_h", all, three).get("tokens");

        assertThat(short3).hasSize(batch * (NUM_PREFIX + 3) * width);
        for (int b = 0; b < batch; b++) {
            float[] fullHead = Arrays.copyOfRange(
                    full,
                    (int) (b * fullShape[1] * width),
                    (int) (b * fullShape[1] * width) + (NUM_PREFIX + 3) * width);
            float[] shortItem =
                    Arrays.copyOfRange(short3, b * (NUM_PREFIX + 3) * width, (b + 1) * (NUM_PREFIX + 3) * width);
            assertThat(shortItem).containsExactly(fullHead, within(TOLERANCE));
        }
    }

    @Test
    void radio1d_should_give_ceil_h_over_32_times_ceil_w_over_32_global_tokens() throws Exception {
        // 48x80 is a 3x5 patch grid: zero-padded to 4x6, merged to 2x3 = 6 global tokens.
        JsonNode c = golden("radio1d_h").get(0);
        assertThat(c.at("/image/1").asInt()).isEqualTo(48);
        assertThat(c.at("/image/2").asInt()).isEqualTo(80);

        assertThat(shapeOf("radio1d_h", c, allTokens(c.at("/image/0").asInt()), "tokens")[1])
                .isEqualTo(NUM_PREFIX + 6);
    }

    @Test
    void radio1d_should_keep_the_largest_request_of_the_batch_and_clamp_to_available() throws Exception {
        JsonNode c = golden("radio1d_h").get(0);
        assertThat(shapeOf("radio1d_h", c, new int[] {2, 4}, "tokens")[1]).isEqualTo(NUM_PREFIX + 4);
        assertThat(shapeOf("radio1d_h", c, new int[] {1000, 1}, "tokens")[1]).isEqualTo(NUM_PREFIX + 6);
        assertThat(shapeOf("radio1d_h", c, new int[] {0, 0}, "tokens")[1]).isEqualTo(NUM_PREFIX);
    }

    @Test
    void clip_towers_should_match_pytorch_and_be_unit_length() throws Exception {
        JsonNode vision = golden("radio_clip_vision").get(0);
        float[] image = run("radio_clip_vision", vision, null).get("embedding");
        assertClose("vision embedding", image, vision.at("/outputs/embedding"));

        JsonNode text = golden("radio_clip_text").get(0);
        float[] texts = runText(text.get("input_ids"));
        assertClose("text embedding", texts, text.at("/outputs/embedding"));

        int dim = vision.at("/outputs/embedding/shape/1").asInt();
        assertThat(text.at("/outputs/embedding/shape/1").asInt())
                .as("one shared space")
                .isEqualTo(dim);
        for (float[] all : new float[][] {image, texts}) {
            for (int row = 0; row < all.length / dim; row++) {
                double norm = 0;
                for (int i = row * dim; i < (row + 1) * dim; i++) {
                    norm += all[i] * all[i];
                }
                assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void text_tower_should_depend_on_the_pad_id_because_it_pools_the_last_position() throws Exception {
        JsonNode text = golden("radio_clip_text").get(0);
        long[][] ids = longs(text.get("input_ids"));
        float[] padded = runText(ids[0]);
        long[] wrongPad = ids[0].clone();
        for (int i = 0; i < wrongPad.length; i++) {
            if (wrongPad[i] == 0) {
                wrongPad[i] = 1;
            }
        }
        float[] badlyPadded = runText(wrongPad);

        assertThat(badlyPadded).isNotEqualTo(padded);
    }

    private static float[] runText(JsonNode ids) throws OrtException {
        long[][] rows = longs(ids);
        long[] flat = Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
        return runText(flat, rows.length);
    }

    private static float[] runText(long[] row) throws OrtException {
        return runText(row, 1);
    }

    private static float[] runText(long[] flat, int batch) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(
                        ENV, java.nio.LongBuffer.wrap(flat), new long[] {batch, flat.length / batch});
                OrtSession.Result r = SESSIONS.get("radio_clip_text").run(Map.of("input_ids", t))) {
            return toFloats((OnnxTensor) r.get("embedding").orElseThrow());
        }
    }

    private static Map<String, float[]> run(String model, JsonNode c, int[] numTokens) throws OrtException {
        Map<String, float[]> out = new HashMap<>();
        try (OnnxTensor image = image(c.get("image"));
                OnnxTensor counts = numTokens == null ? null : OnnxTensor.createTensor(ENV, column(numTokens))) {
            Map<String, OnnxTensor> feeds = new HashMap<>();
            feeds.put("image", image);
            if (counts != null) {
                feeds.put("num_tokens", counts);
            }
            try (OrtSession.Result r = SESSIONS.get(model).run(feeds)) {
                r.forEach(e -> out.put(e.getKey(), toFloats((OnnxTensor) e.getValue())));
            }
        }
        return out;
    }

    private static long[] shapeOf(String model, JsonNode c, int[] numTokens, String output) throws OrtException {
        try (OnnxTensor image = image(c.get("image"));
                OnnxTensor counts = numTokens == null ? null : OnnxTensor.createTensor(ENV, column(numTokens))) {
            Map<String, OnnxTensor> feeds = new HashMap<>();
            feeds.put("image", image);
            if (counts != null) {
                feeds.put("num_tokens", counts);
            }
            try (OrtSession.Result r = SESSIONS.get(model).run(feeds)) {
                return ((OnnxTensor) r.get(output).orElseThrow()).getInfo().getShape();
            }
        }
    }

    /** The generator's pattern image: (3x + 5y + 70c + 40b + 11 seed) mod 256, NHWC. */
    private static OnnxTensor image(JsonNode spec) throws OrtException {
        int batch = spec.get(0).asInt();
        int height = spec.get(1).asInt();
        int width = spec.get(2).asInt();
        int seed = spec.get(3).asInt();
        byte[] pixels = new byte[batch * height * width * 3];
        int i = 0;
        for (int b = 0; b < batch; b++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        pixels[i++] = (byte) ((x * 3 + y * 5 + c * 70 + b * 40 + seed * 11) % 256);
                    }
                }
            }
        }
        return OnnxTensor.createTensor(
                ENV, ByteBuffer.wrap(pixels), new long[] {batch, height, width, 3}, OnnxJavaType.UINT8);
    }

    private static int[] allTokens(int batch) {
        int[] counts = new int[batch];
        Arrays.fill(counts, Integer.MAX_VALUE);
        return counts;
    }

    private static int[][] column(int[] counts) {
        return Arrays.stream(counts).mapToObj(n -> new int[] {n}).toArray(int[][]::new);
    }

    private static float[] toFloats(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static void assertClose(String what, float[] actual, JsonNode expected) {
        JsonNode data = expected.get("data");
        assertThat(actual).as(what + " size").hasSize(data.size());
        float[] want = new float[data.size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = (float) data.get(i).asDouble();
        }
        assertThat(actual).as(what).containsExactly(want, within(TOLERANCE));
    }

    private static int[] ints(JsonNode node) {
        int[] values = new int[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).asInt();
        }
        return values;
    }

    private static long[][] longs(JsonNode rows) {
        long[][] values = new long[rows.size()][];
        for (int r = 0; r < values.length; r++) {
            JsonNode row = rows.get(r);
            values[r] = new long[row.size()];
            for (int i = 0; i < row.size(); i++) {
                values[r][i] = row.get(i).asLong();
            }
        }
        return values;
    }

    static JsonNode golden(String name) throws IOException {
        return new ObjectMapper()
                .readTree(TinyRepository.GOLDEN.resolve(name + ".json").toFile());
    }
}

package io.radio4j.modelrepo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.radio4j.triton.protocol.ModelConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tiny CLIP towers were trained on synthetic coloured shapes: an image of a coloured square
 * is closest to the caption naming its colour, and the published SigLIP scale/bias turn that into
 * a higher match probability than any other colour's. Runs the whole text path a client runs:
 * tokenizer.json through DJL, then the text tower.
 */
class TinyClipMeaningTest {

    private static final List<String> COLOURS =
            List.of("red", "green", "blue", "yellow", "white", "black", "orange", "purple");
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static OrtSession vision;
    private static OrtSession text;
    private static HuggingFaceTokenizer tokenizer;

    @BeforeAll
    static void open() throws OrtException, IOException {
        vision =
                ENV.createSession(TinyRepository.onnx("radio_clip_vision").toString(), new OrtSession.SessionOptions());
        text = ENV.createSession(TinyRepository.onnx("radio_clip_text").toString(), new OrtSession.SessionOptions());
        tokenizer = HuggingFaceTokenizer.newInstance(
                TinyRepository.TINY.resolve("radio_clip_text/tokenizer.json"),
                Map.of("truncation", "false", "padding", "false"));
    }

    @AfterAll
    static void close() throws OrtException {
        vision.close();
        text.close();
        tokenizer.close();
    }

    @ParameterizedTest
    @CsvSource({"red,220,30,30", "green,30,170,50", "blue,30,60,220", "yellow,240,220,30"})
    void image_of_a_coloured_square_should_match_the_caption_with_its_colour(String colour, int r, int g, int b)
            throws Exception {
        float[] image = embedImage(square(r, g, b));
        float[][] captions =
                embedTexts(COLOURS.stream().map(c -> "a " + c + " square").toList());

        int best = 0;
        for (int i = 1; i < captions.length; i++) {
            if (dot(image, captions[i]) > dot(image, captions[best])) {
                best = i;
            }
        }
        assertThat(COLOURS.get(best)).isEqualTo(colour);

        ModelConfig config = TinyRepository.parseConfig(TinyRepository.TINY.resolve("radio_clip_vision"));
        double scale = Math.exp(
                Double.parseDouble(config.getParametersOrThrow("logit_scale").getStringValue()));
        double bias =
                Double.parseDouble(config.getParametersOrThrow("logit_bias").getStringValue());
        double matching = sigmoid(scale * dot(image, captions[COLOURS.indexOf(colour)]) + bias);
        for (int i = 0; i < captions.length; i++) {
            if (i != COLOURS.indexOf(colour)) {
                assertThat(sigmoid(scale * dot(image, captions[i]) + bias)).isLessThan(matching);
            }
        }
    }

    /** A 224x224 UINT8 HWC image: a filled square of side 112 in the middle of a grey background. */
    private static byte[] square(int r, int g, int b) {
        byte[] pixels = new byte[224 * 224 * 3];
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                boolean inside = x >= 56 && x < 168 && y >= 56 && y < 168;
                int i = (y * 224 + x) * 3;
                pixels[i] = (byte) (inside ? r : 128);
                pixels[i + 1] = (byte) (inside ? g : 128);
                pixels[i + 2] = (byte) (inside ? b : 128);
            }
        }
        return pixels;
    }

    private static float[] embedImage(byte[] pixels) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(
                        ENV, ByteBuffer.wrap(pixels), new long[] {1, 224, 224, 3}, OnnxJavaType.UINT8);
                OrtSession.Result r = vision.run(Map.of("image", t))) {
            return floats((OnnxTensor) r.get(0));
        }
    }

    /** The text contract: encode without special tokens, append eos (1), right-pad with pad (0) to 64. */
    private static float[][] embedTexts(List<String> texts) throws OrtException {
        long[] ids = new long[texts.size() * 64];
        for (int row = 0; row < texts.size(); row++) {
            long[] body = tokenizer.encode(texts.get(row), false, false).getIds();
            System.arraycopy(body, 0, ids, row * 64, body.length);
            ids[row * 64 + body.length] = 1;
        }
        try (OnnxTensor t = OnnxTensor.createTensor(ENV, LongBuffer.wrap(ids), new long[] {texts.size(), 64});
                OrtSession.Result r = text.run(Map.of("input_ids", t))) {
            float[] all = floats((OnnxTensor) r.get(0));
            int dim = all.length / texts.size();
            float[][] rows = new float[texts.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = java.util.Arrays.copyOfRange(all, i * dim, (i + 1) * dim);
            }
            return rows;
        }
    }

    private static float[] floats(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

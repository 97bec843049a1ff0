package io.radio4j.benchmarks.perfanalyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radio4j.benchmarks.gpu.SampleJpegs;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class InputDataWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ImagePreprocessor preprocessor = ImagePreprocessor.builder().build();

    @Test
    void should_write_one_uint8_hwc_entry_per_image_with_its_per_item_shape() throws Exception {
        byte[] a = SampleJpegs.jpeg(64, 48, 1);
        byte[] b = SampleJpegs.jpeg(40, 60, 2);
        JsonNode data = write(
                InputDataWriter.builder().build(),
                "image",
                TensorFormat.UINT8_HWC,
                ResizeSpec.centerCrop(32),
                SpeedMode.EXACT,
                List.of(a, b));

        assertThat(data).hasSize(2);
        JsonNode first = data.get(0).get("image");
        assertThat(shape(first)).containsExactly(32, 32, 3);
        byte[] pixels =
                Base64.getDecoder().decode(first.get("content").get("b64").asText());
        assertThat(pixels)
                .hasSize(32 * 32 * 3)
                .isEqualTo(preprocessor
                        .preprocess(a, ResizeSpec.centerCrop(32), SpeedMode.EXACT)
                        .pixels());
    }

    @Test
    void should_carry_the_colour_of_a_uniform_image() throws Exception {
        byte[] grey = uniformJpeg(new Color(200, 120, 40));
        JsonNode data = write(
                InputDataWriter.builder().base64(false).build(),
                "image",
                TensorFormat.UINT8_HWC,
                ResizeSpec.squash(16, 16),
                SpeedMode.EXACT,
                List.of(grey));

        JsonNode content = data.get(0).get("image").get("content");
        assertThat(content.isArray()).isTrue();
        assertThat(content).hasSize(16 * 16 * 3);
        // JPEG quantisation moves a flat colour by a few levels at most.
        assertThat(content.get(0).asInt()).isBetween(196, 204);
        assertThat(content.get(1).asInt()).isBetween(116, 124);
        assertThat(content.get(2).asInt()).isBetween(36, 44);
    }

    @Test
    void should_write_fp16_chw_as_little_endian_b64_even_when_arrays_are_asked() throws Exception {
        byte[] jpeg = SampleJpegs.jpeg(50, 30, 3);
        InputDataWriter arrays = InputDataWriter.builder().base64(false).build();
        JsonNode half = write(
                        arrays,
                        "pixel_values",
                        TensorFormat.FP16_CHW,
                        ResizeSpec.squash(8, 12),
                        SpeedMode.EXACT,
                        List.of(jpeg))
                .get(0)
                .get("pixel_values");
        JsonNode hwc = write(
                        arrays,
                        "image",
                        TensorFormat.UINT8_HWC,
                        ResizeSpec.squash(8, 12),
                        SpeedMode.EXACT,
                        List.of(jpeg))
                .get(0)
                .get("image")
                .get("content");

        assertThat(shape(half)).containsExactly(3, 8, 12);
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(half.get("content").get("b64").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(3 * 8 * 12 * 2);
        // CHW element (c, y, x) is HWC element (y, x, c) scaled to [0, 1].
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 12; x++) {
                    float value = Float.float16ToFloat(bytes.getShort(((c * 8 + y) * 12 + x) * 2));
                    int pixel = hwc.get((y * 12 + x) * 3 + c).asInt();
                    assertThat(value).isCloseTo(pixel / 255f, org.assertj.core.data.Offset.offset(1e-3f));
                }
            }
        }
    }

    @Test
    void should_write_fp32_identically_as_array_and_as_b64() throws Exception {
        byte[] jpeg = SampleJpegs.jpeg(33, 21, 4);
        JsonNode array = write(
                        InputDataWriter.builder().base64(false).build(),
                        "pixel_values",
                        TensorFormat.FP32_CHW,
                        ResizeSpec.squash(4, 4),
                        SpeedMode.EXACT,
                        List.of(jpeg))
                .get(0)
                .get("pixel_values")
                .get("content");
        JsonNode b64 = write(
                        InputDataWriter.builder().build(),
                        "pixel_values",
                        TensorFormat.FP32_CHW,
                        ResizeSpec.squash(4, 4),
                        SpeedMode.EXACT,
                        List.of(jpeg))
                .get(0)
                .get("pixel_values")
                .get("content");

        ByteBuffer bytes = ByteBuffer.wrap(
                        Base64.getDecoder().decode(b64.get("b64").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(array).hasSize(48);
        for (int i = 0; i < 48; i++) {
            assertThat(bytes.getFloat(i * 4))
                    .isEqualTo(array.get(i).floatValue())
                    .isBetween(0f, 1f);
        }
    }

    @Test
    void should_keep_encoded_bytes_for_passthrough_with_their_length_as_shape() throws Exception {
        byte[] jpeg = SampleJpegs.jpeg(20, 20, 5);
        JsonNode tensor = write(
                        InputDataWriter.builder().build(),
                        "image",
                        TensorFormat.ENCODED,
                        ResizeSpec.centerCrop(224),
                        SpeedMode.PASSTHROUGH,
                        List.of(jpeg))
                .get(0)
                .get("image");

        assertThat(shape(tensor)).containsExactly(jpeg.length);
        assertThat(Base64.getDecoder().decode(tensor.get("content").get("b64").asText()))
                .isEqualTo(jpeg);
    }

    @Test
    void should_add_the_int32_constant_to_every_entry() throws Exception {
        JsonNode data = write(
                InputDataWriter.builder().int32Constant("num_tokens", 64).build(),
                "image",
                TensorFormat.UINT8_HWC,
                ResizeSpec.squash(32, 32),
                SpeedMode.FAST,
                List.of(SampleJpegs.jpeg(64, 64, 6), SampleJpegs.jpeg(64, 64, 7)));

        for (JsonNode entry : data) {
            assertThat(entry.get("num_tokens").isArray()).isTrue();
            assertThat(entry.get("num_tokens").get(0).asInt()).isEqualTo(64);
        }
    }

    @Test
    void should_write_token_rows_as_int64() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] row = new long[64];
        row[0] = 17;
        row[1] = 1;
        InputDataWriter.builder().build().writeTokenIds("input_ids", List.of(row), out);

        JsonNode tensor = MAPPER.readTree(out.toByteArray()).get("data").get(0).get("input_ids");
        assertThat(shape(tensor)).containsExactly(64);
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(tensor.get("content").get("b64").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(64 * 8);
        assertThat(bytes.getLong(0)).isEqualTo(17);
        assertThat(bytes.getLong(8)).isEqualTo(1);
        assertThat(bytes.getLong(16)).isZero();
    }

    @Test
    void should_refuse_bad_input_with_the_cause_named() {
        InputDataWriter writer = InputDataWriter.builder().maxEntries(1).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResizeSpec spec = ResizeSpec.squash(8, 8);

        assertThatThrownBy(() ->
                        writer.writeImages("image", TensorFormat.UINT8_HWC, spec, SpeedMode.EXACT, List.of(), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no images");
        assertThatThrownBy(() -> writer.writeImages(
                        "image",
                        TensorFormat.UINT8_HWC,
                        spec,
                        SpeedMode.EXACT,
                        List.of(SampleJpegs.jpeg(8, 8, 1), SampleJpegs.jpeg(8, 8, 2)),
                        out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximum of 1");
        assertThatThrownBy(() -> writer.writeImages(
                        "image",
                        TensorFormat.UINT8_HWC,
                        spec,
                        SpeedMode.PASSTHROUGH,
                        List.of(SampleJpegs.jpeg(8, 8, 1)),
                        out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ENCODED");
        assertThatThrownBy(() -> writer.writeImages(
                        "image",
                        TensorFormat.UINT8_HWC,
                        spec,
                        SpeedMode.EXACT,
                        List.of("not an image".getBytes()),
                        out))
                .isInstanceOf(ImageException.class);
    }

    private static JsonNode write(
            InputDataWriter writer,
            String name,
            TensorFormat format,
            ResizeSpec spec,
            SpeedMode speed,
            List<byte[]> images)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int entries = writer.writeImages(name, format, spec, speed, images, out);
        JsonNode root = MAPPER.readTree(out.toByteArray());
        assertThat(root.fieldNames()).toIterable().containsExactly("data");
        assertThat(root.get("data")).hasSize(entries);
        return root.get("data");
    }

    private static int[] shape(JsonNode tensor) {
        JsonNode shape = tensor.get("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asInt();
        }
        return dims;
    }

    private static byte[] uniformJpeg(Color color) throws Exception {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 40, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}

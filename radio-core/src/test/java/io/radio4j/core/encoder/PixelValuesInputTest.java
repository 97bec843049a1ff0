package io.radio4j.core.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.testing.RepoCopies;
import io.radio4j.core.testing.TestImages;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines exported Hugging Face style take FP32 {@code pixel_values} [3, H, W] in [0, 1] instead of
 * UINT8 {@code image} [H, W, 3]. The tiny C-RADIO graph is wrapped (with Debian's python3-onnx) so
 * it takes that input and converts it back exactly; the encoder must find the variant in the
 * metadata, send floats, and get the same answers as from the UINT8 graph.
 */
class PixelValuesInputTest {

    private static final String WRAP = """
            import sys, onnx
            from onnx import helper, TensorProto
            m = onnx.load(sys.argv[1])
            g = m.graph
            g.input.remove([i for i in g.input if i.name == "image"][0])
            g.input.insert(0, helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, "height", "width"]))
            g.initializer.append(helper.make_tensor("pv_255", TensorProto.FLOAT, [], [255.0]))
            nodes = [helper.make_node("Mul", ["pixel_values", "pv_255"], ["pv_scaled"]),
                     helper.make_node("Round", ["pv_scaled"], ["pv_rounded"]),
                     helper.make_node("Cast", ["pv_rounded"], ["pv_u8"], to=TensorProto.UINT8),
                     helper.make_node("Transpose", ["pv_u8"], ["image"], perm=[0, 2, 3, 1])]
            for n in reversed(nodes):
                g.node.insert(0, n)
            onnx.checker.check_model(m)
            onnx.save(m, sys.argv[2])
            """;

    @Test
    void should_send_float_chw_to_an_engine_that_takes_pixel_values(@TempDir Path repo) throws Exception {
        RepoCopies.copyWithGraph(
                repo,
                "c_radio_v4_h",
                WRAP,
                config -> config.replace("name: \"image\"", "name: \"pixel_values\"")
                        .replace(
                                "data_type: TYPE_UINT8\n    dims: [ -1, -1, 3 ]",
                                "data_type: TYPE_FP32\n    dims: [ 3, -1, -1 ]"));
        assertThat(Files.readString(repo.resolve("c_radio_v4_h/config.pbtxt")))
                .contains("pixel_values")
                .contains("[ 3, -1, -1 ]");

        try (OnnxBackend floats = OnnxBackend.builder().repository(repo).build()) {
            CRadioEncoder chw =
                    CRadioEncoder.builder().backend(floats).resolution(48, 80).build();
            CRadioEncoder hwc = CRadioEncoder.builder()
                    .backend(TinyRepo.backend())
                    .resolution(48, 80)
                    .build();
            assertThat(chw.contract().image().isChw()).isTrue();
            assertThat(chw.contract().image().dataType()).isEqualTo(DataType.FP32);
            List<byte[]> images = List.of(TestImages.gradient(120, 90, 1), TestImages.gradient(100, 200, 2));
            List<float[]> a = chw.summaries(images);
            List<float[]> b = hwc.summaries(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(a.get(i)).containsExactly(b.get(i));
                assertThat(chw.features(images.get(i)).toNlcArray())
                        .containsExactly(hwc.features(images.get(i)).toNlcArray());
            }
        }
    }
}

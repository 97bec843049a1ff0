package io.radio4j.core.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.KServeServer;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.backend.TritonBackend;
import io.radio4j.core.testing.RepoCopies;
import io.radio4j.core.testing.TestImages;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.DataType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorRT engines built in FP16 return {@code features} as FP16 (the design allows FP16 or FP32).
 * The tiny C-RADIO graph is given an FP16 {@code features} output (with Debian's python3-onnx);
 * the encoder must widen it to exactly the FP32 features rounded to half precision, in process and
 * through the KServe v2 protocol.
 */
class HalfPrecisionOutputTest {

    private static final String WRAP = """
            import sys, onnx
            from onnx import helper, TensorProto
            m = onnx.load(sys.argv[1])
            g = m.graph
            for node in g.node:
                node.output[:] = ["features_fp32" if o == "features" else o for o in node.output]
            g.node.append(helper.make_node("Cast", ["features_fp32"], ["features"], to=TensorProto.FLOAT16))
            out = [o for o in g.output if o.name == "features"][0]
            out.type.tensor_type.elem_type = TensorProto.FLOAT16
            onnx.checker.check_model(m)
            onnx.save(m, sys.argv[2])
            """;

    @Test
    void should_widen_fp16_features_exactly(@TempDir Path repo) throws Exception {
        RepoCopies.copyWithGraph(repo, "c_radio_v4_h", WRAP, config -> {
            int features = config.indexOf("name: \"features\"");
            return config.substring(0, features) + config.substring(features).replaceFirst("TYPE_FP32", "TYPE_FP16");
        });

        byte[] image = TestImages.gradient(50, 70, 3);
        float[] fp32 = CRadioEncoder.builder()
                .backend(TinyRepo.backend())
                .resolution(64, 48)
                .build()
                .features(image)
                .toNlcArray();
        float[] rounded = new float[fp32.length];
        for (int i = 0; i < fp32.length; i++) {
            rounded[i] = Float.float16ToFloat(Float.floatToFloat16(fp32[i]));
        }
        try (OnnxBackend half = OnnxBackend.builder().repository(repo).build();
                KServeServer server =
                        KServeServer.builder().backend(half).port(0).build().start();
                TritonBackend remote = TritonBackend.builder()
                        .target("127.0.0.1:" + server.port())
                        .build()) {
            for (InferenceBackend backend : new InferenceBackend[] {half, remote}) {
                CRadioEncoder encoder = CRadioEncoder.builder()
                        .backend(backend)
                        .resolution(64, 48)
                        .build();
                assertThat(encoder.contract().featureType()).isEqualTo(DataType.FP16);
                assertThat(encoder.features(image).toNlcArray()).containsExactly(rounded);
            }
        }
    }
}

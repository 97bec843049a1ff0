package io.radio4j.modelrepo;

import com.google.protobuf.TextFormat;
import io.radio4j.triton.protocol.ModelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Locations and config parsing shared by the tests: the module's folders, not the classpath copy. */
final class TinyRepository {

    static final List<String> MODELS =
            List.of("c_radio_v4_h", "c_radio_v4_so400m", "radio1d_h", "radio_clip_vision", "radio_clip_text");

    /** Surefire runs with the module folder as working directory. */
    static final Path MODULE = Path.of("").toAbsolutePath();

    static final Path TINY = MODULE.resolve("tiny");
    static final Path REAL = MODULE.resolve("models");
    static final Path GOLDEN = MODULE.resolve("src/test/resources/golden");

    private TinyRepository() {}

    static ModelConfig parseConfig(Path modelDir) throws IOException {
        ModelConfig.Builder builder = ModelConfig.newBuilder();
        TextFormat.getParser()
                .merge(Files.readString(modelDir.resolve("config.pbtxt"), StandardCharsets.UTF_8), builder);
        return builder.build();
    }

    static Path onnx(String model) {
        return TINY.resolve(model).resolve("1").resolve("model.onnx");
    }
}

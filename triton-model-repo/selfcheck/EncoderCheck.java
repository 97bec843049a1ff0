import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.CRadioOutput;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.VisualTokens;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.ResizeSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Java side of the self-check: radio4j's embedded ONNX Runtime backend serves an exported
 * repository, {@link CRadioEncoder} encodes a photo, and the pixels it sent plus its answers are
 * written for selfcheck.py to compare with PyTorch on the same pixels. With MODE TOKENS the model
 * is a RADIO1D export and {@link Radio1dEncoder} asks for SIZE visual tokens (its default resize).
 *
 * <pre>
 * java -cp &lt;radio-core classpath&gt; EncoderCheck.java REPO MODEL PHOTO MODE SIZE OUT_DIR
 *   MODE: SNAP16 (SIZE = shorter side), SQUASH (SIZE = HxW), TOKENS (SIZE = token count)
 * </pre>
 * Writes OUT_DIR/pixels.u8 (UINT8 HWC), OUT_DIR/summary.f32 and OUT_DIR/features.f32 (TOKENS: the
 * prefix and visual tokens as the model returns them, and no summary), little-endian, and
 * OUT_DIR/shape.txt ("H W summaryDim featureDim millis").
 */
public final class EncoderCheck {

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: EncoderCheck REPO MODEL PHOTO SNAP16|SQUASH SIZE OUT_DIR");
            System.exit(2);
        }
        Path repo = Path.of(args[0]);
        String model = args[1];
        byte[] photo = Files.readAllBytes(Path.of(args[2]));
        Path out = Files.createDirectories(Path.of(args[5]));
        if (args[3].equals("TOKENS")) {
            tokens(repo, model, photo, Integer.parseInt(args[4]), out);
            return;
        }
        ResizeMode mode = ResizeMode.valueOf(args[3]);
        int h;
        int w;
        if (args[4].contains("x")) {
            String[] hw = args[4].split("x");
            h = Integer.parseInt(hw[0]);
            w = Integer.parseInt(hw[1]);
        } else {
            h = w = Integer.parseInt(args[4]);
        }
        try (OnnxBackend backend = OnnxBackend.builder().repository(repo).models(model).build()) {
            // The builder's default timeout (1 minute) is a service default; a full-depth ViT-H request on a
            // loaded 2-core machine was seen to take longer, and this check is about the answers, not the time.
            CRadioEncoder encoder = CRadioEncoder.builder().backend(backend).modelName(model).resizeMode(mode).resolution(h, w)
                    .timeout(Duration.ofHours(1)).build();
            ResizeSpec spec = encoder.resizeSpec();
            PreprocessedImage pixels = ImagePreprocessor.builder().build().preprocess(photo, spec);
            long start = System.nanoTime();
            CRadioOutput output = encoder.encode(photo);
            long millis = (System.nanoTime() - start) / 1_000_000;
            Files.write(out.resolve("pixels.u8"), pixels.pixels());
            write(out.resolve("summary.f32"), output.summary());
            write(out.resolve("features.f32"), output.features().toNlcArray());
            Files.writeString(out.resolve("shape.txt"), pixels.height() + " " + pixels.width() + " " + output.summary().length + " "
                    + output.features().channels() + " " + millis + "\n");
            System.out.println(model + " " + spec + ": " + pixels.height() + "x" + pixels.width() + " in " + millis + " ms");
        }
    }

    private static void tokens(Path repo, String model, byte[] photo, int count, Path out) throws IOException {
        try (OnnxBackend backend = OnnxBackend.builder().repository(repo).models(model).build()) {
            Radio1dEncoder encoder = Radio1dEncoder.builder().backend(backend).modelName(model).timeout(Duration.ofHours(1))
                    .build();
            PreprocessedImage pixels = ImagePreprocessor.builder().build().preprocess(photo, encoder.resizeSpec());
            long start = System.nanoTime();
            VisualTokens tokens = encoder.tokens(photo, count);
            long millis = (System.nanoTime() - start) / 1_000_000;
            Files.write(out.resolve("pixels.u8"), pixels.pixels());
            write(out.resolve("summary.f32"), new float[0]);
            write(out.resolve("features.f32"), tokens.toArrayWithPrefix());
            Files.writeString(out.resolve("shape.txt"), pixels.height() + " " + pixels.width() + " 0 " + tokens.dimension() + " "
                    + millis + "\n");
            System.out.println(model + " " + encoder.resizeSpec() + ": " + tokens.count() + " tokens of " + pixels.height() + "x"
                    + pixels.width() + " in " + millis + " ms");
        }
    }

    private static void write(Path file, float[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        Files.write(file, buf.array());
    }
}

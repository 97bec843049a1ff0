package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImageLimits;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.core.testing.RepoCopies;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code <model>_bytes} ensembles of the tiny repository, in process and through the embedded
 * KServe server: encoded images in, the engine's answer out, decoded by radio4j's preprocessor on
 * the server exactly as a client in EXACT mode decodes them.
 */
class BytesEnsembleTest {

    private static final List<String> CORPUS = corpusFiles();
    private final ImagePreprocessor exact = ImagePreprocessor.builder().build();

    private static List<String> corpusFiles() {
        String listing = new String(resource("image/golden.tsv"), StandardCharsets.UTF_8);
        return listing.lines()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.split("\t")[0])
                .distinct()
                .toList();
    }

    private static byte[] resource(String path) {
        try (InputStream in = BytesEnsembleTest.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InferRequest encoded(String model, byte[]... images) {
        return InferRequest.builder()
                .modelName(model)
                .input(InferInput.ofBytes("image_bytes", new long[] {images.length, 1}, List.of(images)))
                .build();
    }

    private static BackendException failure(InferenceBackend backend, InferRequest request) {
        try {
            backend.infer(request).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(BackendException.class);
            return (BackendException) e.getCause();
        }
        throw new AssertionError("request to " + request.modelName() + " did not fail");
    }

    @Test
    void should_serve_an_ensemble_per_image_model_with_the_engines_outputs() {
        OnnxBackend backend = TinyRepo.backend();
        for (String model : List.of("c_radio_v4_h", "c_radio_v4_so400m", "radio1d_h", "radio_clip_vision")) {
            ModelMetadata ensemble = backend.modelMetadata(model + "_bytes");
            ModelMetadata engine = backend.modelMetadata(model);
            assertThat(ensemble.platform()).isEqualTo("ensemble");
            assertThat(ensemble.input("image_bytes").dataType()).isEqualTo(DataType.BYTES);
            assertThat(ensemble.input("image_bytes").shape()).containsExactly(-1, 1);
            assertThat(ensemble.outputs()).isEqualTo(engine.outputs());
            assertThat(backend.isModelReady(model + "_preprocess")).isTrue();
        }
        assertThat(backend.modelConfig("radio_clip_vision_bytes").parameter("resize_mode"))
                .isEqualTo("CENTER_CROP");
    }

    /** The preprocessing step on its own: byte-identical to client-side EXACT for every corpus file. */
    @Test
    void server_side_decoding_should_be_byte_identical_to_client_side_exact_on_the_parity_corpus() {
        for (InferenceBackend backend : TinyRepo.both()) {
            for (String spec : List.of("c_radio_v4_h_preprocess", "radio_clip_vision_preprocess")) {
                ResizeSpec resize =
                        spec.startsWith("radio_clip") ? ResizeSpec.centerCrop(224) : ResizeSpec.squash(512, 512);
                int compared = 0;
                for (String file : CORPUS) {
                    byte[] bytes = resource("image/corpus/" + file);
                    byte[] expected;
                    try {
                        expected =
                                exact.preprocess(bytes, resize, SpeedMode.EXACT).pixels();
                    } catch (ImageException e) {
                        assertThat(failure(backend, encoded(spec, bytes)).getMessage())
                                .contains(e.getMessage());
                        continue;
                    }
                    InferResult result = backend.infer(encoded(spec, bytes)).join();
                    assertThat(result.output("image").shape()).containsExactly(1, resize.height(), resize.width(), 3);
                    assertThat(result.output("image").asBytes())
                            .as(file + " via " + backend.description())
                            .isEqualTo(expected);
                    compared++;
                }
                assertThat(compared).isGreaterThan(40);
            }
        }
    }

    /** The whole ensemble: the engine's answer to the encoded batch equals its answer to EXACT pixels. */
    @Test
    void ensemble_answers_should_equal_the_engine_on_client_side_exact_pixels() {
        List<byte[]> batch = new ArrayList<>();
        for (String file : List.of("jpeg_420_640x480.jpg", "jpeg_exif_6.jpg", "png_rgba8.png", "gif_animated.gif")) {
            batch.add(resource("image/corpus/" + file));
        }
        ByteBuffer pixels = ByteBuffer.allocate(batch.size() * 512 * 512 * 3);
        exact.writeUint8HwcBatch(batch, ResizeSpec.squash(512, 512), SpeedMode.EXACT, pixels);
        InferRequest direct = InferRequest.builder()
                .modelName("c_radio_v4_h")
                .input(InferInput.ofUint8("image", new long[] {batch.size(), 512, 512, 3}, pixels.flip()))
                .build();
        for (InferenceBackend backend : TinyRepo.both()) {
            InferResult viaBytes = backend.infer(encoded("c_radio_v4_h_bytes", batch.toArray(byte[][]::new)))
                    .join();
            InferResult viaPixels = backend.infer(direct).join();
            assertThat(viaBytes.output("summary").shape()).containsExactly(4, 128);
            assertThat(viaBytes.output("summary").asFloats())
                    .isEqualTo(viaPixels.output("summary").asFloats());
            assertThat(viaBytes.output("features").asFloats())
                    .isEqualTo(viaPixels.output("features").asFloats());
        }
    }

    @Test
    void optional_engine_inputs_should_pass_through_the_ensemble() {
        byte[] png = resource("image/corpus/png_rgb8.png");
        InferRequest withCount = encoded("radio1d_h_bytes", png).toBuilder()
                .input(InferInput.ofInt32("num_tokens", new long[] {1, 1}, new int[] {5}))
                .build();
        assertThat(TinyRepo.backend().infer(withCount).join().output("tokens").shape())
                .containsExactly(1, 15, 64);
        assertThat(TinyRepo.backend()
                        .infer(encoded("radio1d_h_bytes", png))
                        .join()
                        .output("tokens")
                        .shape())
                .containsExactly(1, 10 + 256, 64);
    }

    @Test
    void hostile_bytes_should_get_the_client_side_error_as_invalid_argument() {
        byte[] jpeg = resource("image/corpus/jpeg_420_640x480.jpg");
        List<byte[]> hostile = List.of(
                new byte[0],
                "not an image at all".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(jpeg, 700),
                Arrays.copyOf(jpeg, 3),
                pngHeader(30_000, 30_000));
        for (InferenceBackend backend : TinyRepo.both()) {
            for (byte[] bad : hostile) {
                ImageException clientSide = null;
                try {
                    exact.preprocess(bad, ResizeSpec.squash(512, 512), SpeedMode.EXACT);
                } catch (ImageException e) {
                    clientSide = e;
                }
                assertThat(clientSide)
                        .as("client-side refusal of %d bytes", bad.length)
                        .isNotNull();
                BackendException serverSide = failure(backend, encoded("c_radio_v4_h_bytes", jpeg, bad));
                assertThat(serverSide.reason()).isEqualTo(Reason.INVALID_REQUEST);
                assertThat(serverSide.getMessage())
                        .contains("image 1 of the batch")
                        .contains(clientSide.getMessage());
            }
        }
    }

    @Test
    void limits_and_resize_come_from_the_preprocessing_config(@TempDir Path repo) throws IOException {
        RepoCopies.copyWithConfig(repo, "c_radio_v4_h", c -> c);
        copyConfig(repo, "c_radio_v4_h_bytes", c -> c);
        copyConfig(
                repo,
                "c_radio_v4_h_preprocess",
                c -> c.replace("\"67108864\"", "\"200000\"")
                        .replace("\"SQUASH\"", "\"SNAP16\"")
                        .replace("dims: [ 512, 512, 3 ]", "dims: [ -1, -1, 3 ]"));
        try (OnnxBackend backend = OnnxBackend.builder()
                .repository(repo)
                .models("c_radio_v4_h_bytes")
                .build()) {
            assertThat(backend.modelNames())
                    .containsExactlyInAnyOrder("c_radio_v4_h_bytes", "c_radio_v4_h_preprocess", "c_radio_v4_h");
            byte[] big = resource("image/corpus/jpeg_large_1920x1080.jpg");
            assertThat(big.length).isGreaterThan(200_000);
            assertThat(failure(backend, encoded("c_radio_v4_h_bytes", big)).getMessage())
                    .contains("TOO_MANY_BYTES");
            // SNAP16 512: 640x480 -> 512x688; 3x5 -> 848x512; one request cannot hold both
            byte[] wide = resource("image/corpus/jpeg_420_640x480.jpg");
            InferResult one = backend.infer(encoded("c_radio_v4_h_bytes", wide)).join();
            assertThat(one.output("features").shape()).containsExactly(1, (512 / 16) * (688 / 16), 64);
            BackendException mixed =
                    failure(backend, encoded("c_radio_v4_h_bytes", wide, resource("image/corpus/png_3x5.png")));
            assertThat(mixed.reason()).isEqualTo(Reason.INVALID_REQUEST);
            assertThat(mixed.getMessage()).contains("one size");
        }
        ImageLimits limits = ImageLimits.DEFAULTS.withMaxImageBytes(200_000);
        assertThatThrownBy(() -> ImagePreprocessor.builder()
                        .limits(limits)
                        .build()
                        .preprocess(resource("image/corpus/jpeg_large_1920x1080.jpg"), ResizeSpec.snap16(512)))
                .hasMessageContaining("TOO_MANY_BYTES");
    }

    @Test
    void the_server_speed_mode_can_be_fast() {
        try (OnnxBackend fast = OnnxBackend.builder()
                .repository(TinyRepo.path())
                .models("c_radio_v4_h_bytes")
                .preprocessSpeed(SpeedMode.FAST)
                .build()) {
            byte[] jpeg = resource("image/corpus/jpeg_large_1920x1080.jpg");
            byte[] served = fast.infer(encoded("c_radio_v4_h_preprocess", jpeg))
                    .join()
                    .output("image")
                    .asBytes();
            assertThat(served)
                    .isEqualTo(exact.preprocess(jpeg, ResizeSpec.squash(512, 512), SpeedMode.FAST)
                            .pixels());
        }
        assertThatThrownBy(() -> OnnxBackend.builder().preprocessSpeed(SpeedMode.PASSTHROUGH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_ensemble_that_disagrees_with_its_steps_should_not_load(@TempDir Path repo) throws IOException {
        RepoCopies.copyWithConfig(repo, "c_radio_v4_h", c -> c);
        copyConfig(repo, "c_radio_v4_h_preprocess", c -> c);
        copyConfig(
                repo,
                "c_radio_v4_h_bytes",
                c -> c.replace("input_map { key: \"image\"", "input_map { key: \"picture\""));
        assertThatThrownBy(() -> OnnxBackend.builder().repository(repo).build())
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_MODEL))
                .hasMessageContaining("non-existing input picture in model c_radio_v4_h");
        copyConfig(repo, "c_radio_v4_h_bytes", c -> c);
        copyConfig(repo, "c_radio_v4_h_preprocess", c -> c.replace("TYPE_UINT8", "TYPE_FP32"));
        assertThatThrownBy(() -> OnnxBackend.builder().repository(repo).build())
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("TYPE_UINT8");
    }

    private static void copyConfig(Path repo, String model, java.util.function.UnaryOperator<String> edit)
            throws IOException {
        Files.createDirectories(repo.resolve(model));
        Files.writeString(
                repo.resolve(model).resolve("config.pbtxt"),
                edit.apply(Files.readString(TinyRepo.path().resolve(model).resolve("config.pbtxt"))));
    }

    /** A valid PNG signature and IHDR (correct CRC) claiming width x height, a tiny IDAT and IEND. */
    private static byte[] pngHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(
                out,
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(width)
                        .putInt(height)
                        .put((byte) 8)
                        .put((byte) 2)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[256]);
        deflater.finish();
        byte[] z = new byte[1024];
        chunk(out, "IDAT", Arrays.copyOf(z, deflater.deflate(z)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}

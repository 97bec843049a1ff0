package io.radio4j.core.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.testing.DelegatingBackend;
import io.radio4j.core.testing.RepoCopies;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PASSTHROUGH encoders: encoded images go to the {@code <model>_bytes} ensembles and come back as
 * the same embeddings EXACT gives, in process (what the service's embedded default runs) and over
 * KServe v2 (what {@code ServeRepository} serves).
 */
class PassthroughEncoderTest {

    private static final List<String> FILES = List.of(
            "jpeg_420_640x480.jpg",
            "jpeg_exif_6.jpg",
            "png_rgba8.png",
            "gif_animated.gif",
            "webp_lossless.webp",
            "jpeg_cmyk.jpg",
            "png_adam7_gray16.png",
            "bmp_rgb24.bmp",
            "png_3x5.png",
            "jpeg_3x5.jpg");

    private static final ImagePreprocessor PASSTHROUGH =
            ImagePreprocessor.builder().speed(SpeedMode.PASSTHROUGH).build();
    private static final ImagePreprocessor EXACT = ImagePreprocessor.builder().build();

    private static byte[] file(String name) {
        try (InputStream in = PassthroughEncoderTest.class.getResourceAsStream("/image/corpus/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> images() {
        return FILES.stream().map(PassthroughEncoderTest::file).toList();
    }

    /** Records every request, to see what travels. */
    private static final class Recording extends DelegatingBackend {
        final List<InferRequest> requests = new CopyOnWriteArrayList<>();

        Recording(InferenceBackend target) {
            super(target);
        }

        @Override
        public CompletableFuture<InferResult> infer(InferRequest request) {
            requests.add(request);
            return super.infer(request);
        }
    }

    @Test
    void c_radio_summaries_and_features_should_equal_exact_in_process_and_over_kserve() {
        for (InferenceBackend backend : TinyRepo.both()) {
            CRadioEncoder exact =
                    CRadioEncoder.builder().backend(backend).preprocessor(EXACT).build();
            CRadioEncoder passthrough = CRadioEncoder.builder()
                    .backend(backend)
                    .preprocessor(PASSTHROUGH)
                    .build();
            List<CRadioOutput> a = exact.encode(images().subList(0, 6));
            List<CRadioOutput> b = passthrough.encode(images().subList(0, 6));
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).summary())
                        .as(FILES.get(i) + " via " + backend.description())
                        .isEqualTo(a.get(i).summary());
                assertThat(b.get(i).features().toNlcArray())
                        .isEqualTo(a.get(i).features().toNlcArray());
            }
        }
    }

    /** The classpath tiny repository is what the service's embedded default (./run.sh) loads. */
    @Test
    void the_service_default_backend_should_serve_passthrough_too() {
        try (OnnxBackend serviceDefault = OnnxBackend.tiny()) {
            RadioClipEncoder exact = RadioClipEncoder.builder()
                    .backend(serviceDefault)
                    .preprocessor(EXACT)
                    .build();
            RadioClipEncoder passthrough = RadioClipEncoder.builder()
                    .backend(serviceDefault)
                    .preprocessor(PASSTHROUGH)
                    .build();
            List<float[]> a = exact.embedImages(images());
            List<float[]> b = passthrough.embedImages(images());
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i)).as(FILES.get(i)).isEqualTo(a.get(i));
            }
            assertThat(CRadioEncoder.builder()
                            .backend(serviceDefault)
                            .preprocessor(PASSTHROUGH)
                            .build()
                            .summary(file("jpeg_exif_6.jpg")))
                    .isEqualTo(CRadioEncoder.builder()
                            .backend(serviceDefault)
                            .preprocessor(EXACT)
                            .build()
                            .summary(file("jpeg_exif_6.jpg")));
        }
    }

    @Test
    void clip_embeddings_and_radio1d_tokens_should_equal_exact() {
        for (InferenceBackend backend : TinyRepo.both()) {
            RadioClipEncoder clipExact = RadioClipEncoder.builder()
                    .backend(backend)
                    .preprocessor(EXACT)
                    .build();
            RadioClipEncoder clipPass = RadioClipEncoder.builder()
                    .backend(backend)
                    .preprocessor(PASSTHROUGH)
                    .build();
            List<float[]> a = clipExact.embedImages(images());
            List<float[]> b = clipPass.embedImages(images());
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i)).as(FILES.get(i)).isEqualTo(a.get(i));
            }
            Radio1dEncoder tokensExact = Radio1dEncoder.builder()
                    .backend(backend)
                    .preprocessor(EXACT)
                    .build();
            Radio1dEncoder tokensPass = Radio1dEncoder.builder()
                    .backend(backend)
                    .preprocessor(PASSTHROUGH)
                    .build();
            List<VisualTokens> x = tokensExact.tokens(images().subList(0, 4), 7);
            List<VisualTokens> y = tokensPass.tokens(images().subList(0, 4), 7);
            for (int i = 0; i < x.size(); i++) {
                assertThat(y.get(i).toArrayWithPrefix()).isEqualTo(x.get(i).toArrayWithPrefix());
            }
        }
    }

    @Test
    void should_send_several_length_prefixed_images_per_request_to_the_bytes_ensemble() {
        Recording recording = new Recording(TinyRepo.backend());
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(recording)
                .preprocessor(PASSTHROUGH)
                .batchSize(4)
                .verifyOnStart(false)
                .build();
        List<byte[]> images = images().subList(0, 6);
        encoder.summaries(images);
        assertThat(recording.requests).hasSize(2); // 6 images, 4 per request
        InferRequest first = recording.requests.getFirst();
        assertThat(first.modelName()).isEqualTo("c_radio_v4_h_bytes");
        InferInput bytes = first.inputs().getFirst();
        assertThat(bytes.name()).isEqualTo("image_bytes");
        assertThat(bytes.dataType()).isEqualTo(DataType.BYTES);
        assertThat(bytes.shape()).containsExactly(4, 1);
        ByteBuffer wire = bytes.data().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            int length = wire.getInt();
            assertThat(length).isEqualTo(images.get(i).length);
            byte[] element = new byte[length];
            wire.get(element);
            assertThat(element).isEqualTo(images.get(i));
        }
        assertThat(wire.hasRemaining()).isFalse();
        assertThat(first.inputByteSize())
                .isEqualTo(images.subList(0, 4).stream()
                        .mapToLong(b -> 4L + b.length)
                        .sum());
    }

    @Test
    void an_encoder_resizing_unlike_the_ensemble_should_be_refused() {
        assertThatThrownBy(() -> CRadioEncoder.builder()
                        .backend(TinyRepo.backend())
                        .preprocessor(PASSTHROUGH)
                        .resizeMode(ResizeMode.SNAP16)
                        .resolution(224, 224)
                        .build())
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("resizes SQUASH 512x512 on the server")
                .hasMessageContaining("SNAP16 224x224");
    }

    @Test
    void snap16_items_should_be_grouped_by_the_size_the_server_resizes_them_to(@TempDir Path repo) throws IOException {
        RepoCopies.copyWithConfig(repo, "c_radio_v4_h", c -> c);
        for (String model : List.of("c_radio_v4_h_bytes", "c_radio_v4_h_preprocess")) {
            java.nio.file.Files.createDirectories(repo.resolve(model));
            java.nio.file.Files.writeString(
                    repo.resolve(model).resolve("config.pbtxt"),
                    java.nio.file.Files.readString(
                                    TinyRepo.path().resolve(model).resolve("config.pbtxt"))
                            .replace("\"SQUASH\"", "\"SNAP16\"")
                            .replace("\"512x512\"", "\"224x224\"")
                            .replace("dims: [ 512, 512, 3 ]", "dims: [ -1, -1, 3 ]"));
        }
        try (OnnxBackend backend = OnnxBackend.builder().repository(repo).build()) {
            Recording recording = new Recording(backend);
            CRadioEncoder exact = CRadioEncoder.builder()
                    .backend(backend)
                    .preprocessor(EXACT)
                    .resizeMode(ResizeMode.SNAP16)
                    .resolution(224, 224)
                    .build();
            CRadioEncoder passthrough = CRadioEncoder.builder()
                    .backend(recording)
                    .preprocessor(PASSTHROUGH)
                    .resizeMode(ResizeMode.SNAP16)
                    .resolution(224, 224)
                    .verifyOnStart(false)
                    .build();
            List<byte[]> images = List.of(
                    file("jpeg_420_640x480.jpg"),
                    file("png_3x5.png"),
                    file("jpeg_444_640x480.jpg"),
                    file("jpeg_exif_6.jpg"));
            List<float[]> expected = exact.summaries(images);
            List<float[]> actual = passthrough.summaries(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(actual.get(i)).isEqualTo(expected.get(i));
            }
            // 640x480 twice (224x304), 3x5 (368x224), exif-6 160x120 portrait (304x224): three requests
            assertThat(recording.requests)
                    .extracting(r -> r.inputs().getFirst().shape()[0])
                    .containsExactlyInAnyOrder(2L, 1L, 1L);
        }
    }

    @Test
    void should_refuse_clearly_when_the_server_has_no_bytes_ensemble(@TempDir Path repo) {
        RepoCopies.copyWithConfig(repo, "c_radio_v4_h", c -> c);
        try (OnnxBackend onlyEngine = OnnxBackend.builder().repository(repo).build()) {
            assertThat(CRadioEncoder.builder()
                            .backend(onlyEngine)
                            .preprocessor(EXACT)
                            .build()
                            .summary(file("png_rgb8.png")))
                    .hasSize(128);
            assertThatThrownBy(() -> CRadioEncoder.builder()
                            .backend(onlyEngine)
                            .preprocessor(PASSTHROUGH)
                            .build())
                    .isInstanceOf(ModelContractException.class)
                    .hasMessageContaining("PASSTHROUGH")
                    .hasMessageContaining("'c_radio_v4_h_bytes'")
                    .hasMessageContaining("EXACT or FAST");
        }
    }

    @Test
    void hostile_bytes_should_fail_per_item_client_side_from_the_header_and_server_side_from_the_body() {
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(TinyRepo.remote())
                .preprocessor(PASSTHROUGH)
                .build();
        byte[] jpeg = file("jpeg_420_640x480.jpg");
        // a garbage header never leaves the client
        assertThatThrownBy(() -> encoder.summary("GIF89a but not really".getBytes()))
                .isInstanceOf(ImageException.class);
        // a good header over a broken body: the server's decoder refuses it, with the client-side text
        byte[] broken = Arrays.copyOf(jpeg, jpeg.length);
        for (int i = 2000; i < broken.length - 2; i++) {
            broken[i] = (byte) 0xFF;
        }
        String clientSide = null;
        try {
            EXACT.preprocess(broken, encoder.resizeSpec());
        } catch (ImageException e) {
            clientSide = e.getMessage();
        }
        if (clientSide == null) {
            // the decoder tolerates this corruption on both sides: then both must give the same answer
            assertThat(encoder.summary(broken))
                    .isEqualTo(CRadioEncoder.builder()
                            .backend(TinyRepo.remote())
                            .preprocessor(EXACT)
                            .build()
                            .summary(broken));
        } else {
            String expected = clientSide;
            assertThatThrownBy(() -> encoder.summary(broken)).isInstanceOfSatisfying(BackendException.class, e -> {
                assertThat(e.reason()).isEqualTo(BackendException.Reason.INVALID_REQUEST);
                assertThat(e.getMessage()).contains(expected);
            });
        }
        // one bad item of a list fails alone
        List<byte[]> mixed = new ArrayList<>(List.of(jpeg, jpeg));
        mixed.add(new byte[0]);
        assertThatThrownBy(() -> encoder.summaries(mixed))
                .isInstanceOfSatisfying(
                        BatchException.class, e -> assertThat(e.failures()).hasSize(1));
    }
}

package io.radio4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.image.ImageException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output layouts, batches, limits, PASSTHROUGH and probing. */
class ImagePreprocessorTest {

    private final ImagePreprocessor preprocessor = ImagePreprocessor.builder().build();
    private final byte[] jpeg = Corpus.file("jpeg_420_640x480.jpg");
    private final byte[] png = Corpus.file("png_rgba16.png");

    @Test
    void fp32_chw_should_be_the_uint8_hwc_pixels_divided_by_255_channel_first() {
        byte[] hwc = preprocessor.preprocess(jpeg, ResizeSpec.centerCrop(224)).pixels();
        FloatBuffer out = FloatBuffer.allocate(3 * 224 * 224 + 5);
        out.position(5);
        ImageSize size = preprocessor.writeFloat32Chw(jpeg, ResizeSpec.centerCrop(224), SpeedMode.EXACT, out);
        assertThat(size).isEqualTo(new ImageSize(224, 224));
        assertThat(out.position()).isEqualTo(5 + 3 * 224 * 224);
        int plane = 224 * 224;
        for (int i = 0; i < plane; i += 97) {
            for (int c = 0; c < 3; c++) {
                float expected = (float) ((hwc[i * 3 + c] & 0xFF) * (1.0 / 255));
                assertThat(out.get(5 + c * plane + i)).isEqualTo(expected);
            }
        }
        assertThat(out.get(5 + 7)).isBetween(0f, 1f);
    }

    @Test
    void fp16_chw_should_be_the_fp32_values_rounded_to_half() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(2 * 3 * 224 * 224).order(ByteOrder.LITTLE_ENDIAN);
        ShortBuffer half = bytes.asShortBuffer();
        FloatBuffer full = FloatBuffer.allocate(3 * 224 * 224);
        preprocessor.writeFloat16Chw(png, ResizeSpec.squash(224, 224), SpeedMode.EXACT, half);
        preprocessor.writeFloat32Chw(png, ResizeSpec.squash(224, 224), SpeedMode.EXACT, full);
        for (int i = 0; i < full.capacity(); i += 101) {
            assertThat(half.get(i)).isEqualTo(Float.floatToFloat16(full.get(i)));
        }
        // little-endian on the wire, as Triton expects
        assertThat(bytes.order(ByteOrder.LITTLE_ENDIAN).getShort(2 * 300)).isEqualTo(half.get(300));
    }

    @Test
    void uint8_hwc_into_heap_and_direct_buffers_should_equal_preprocess() {
        byte[] expected =
                preprocessor.preprocess(png, ResizeSpec.centerCrop(224)).pixels();
        for (ByteBuffer buffer : new ByteBuffer[] {
            ByteBuffer.allocate(expected.length + 3), ByteBuffer.allocateDirect(expected.length + 3)
        }) {
            buffer.position(3);
            preprocessor.writeUint8Hwc(png, ResizeSpec.centerCrop(224), SpeedMode.EXACT, buffer);
            assertThat(buffer.position()).isEqualTo(expected.length + 3);
            byte[] actual = new byte[expected.length];
            buffer.get(3, actual);
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void a_batch_should_lay_images_one_after_the_other() {
        List<byte[]> batch = List.of(jpeg, png, Corpus.file("gif_animated.gif"));
        ByteBuffer out = ByteBuffer.allocate(3 * 224 * 224 * 3);
        ImageSize size = preprocessor.writeUint8HwcBatch(batch, ResizeSpec.squash(224, 224), SpeedMode.EXACT, out);
        assertThat(size).isEqualTo(new ImageSize(224, 224));
        assertThat(out.remaining()).isZero();
        for (int i = 0; i < batch.size(); i++) {
            byte[] one = preprocessor
                    .preprocess(batch.get(i), ResizeSpec.squash(224, 224))
                    .pixels();
            byte[] slice = new byte[one.length];
            out.get(i * one.length, slice);
            assertThat(slice).isEqualTo(one);
        }
        FloatBuffer fp32 = FloatBuffer.allocate(3 * 3 * 224 * 224);
        preprocessor.writeFloat32ChwBatch(batch, ResizeSpec.squash(224, 224), SpeedMode.EXACT, fp32);
        ShortBuffer fp16 = ShortBuffer.allocate(3 * 3 * 224 * 224);
        preprocessor.writeFloat16ChwBatch(batch, ResizeSpec.squash(224, 224), SpeedMode.EXACT, fp16);
        assertThat(fp16.get(2 * 3 * 224 * 224 + 5)).isEqualTo(Float.floatToFloat16(fp32.get(2 * 3 * 224 * 224 + 5)));
    }

    @Test
    void a_batch_should_name_the_failing_image_and_check_headers_before_decoding() {
        ByteBuffer out = ByteBuffer.allocate(2 * 224 * 224 * 3);
        assertThatThrownBy(() -> preprocessor.writeUint8HwcBatch(
                        List.of(jpeg, new byte[0]), ResizeSpec.centerCrop(224), SpeedMode.EXACT, out))
                .isInstanceOfSatisfying(
                        ImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY))
                .hasMessageContaining("image 1 of the batch");
        assertThat(out.position()).isZero();
    }

    @Test
    void a_batch_needs_a_fixed_output_size_and_room_in_the_buffer() {
        assertThatThrownBy(() -> preprocessor.writeUint8HwcBatch(
                        List.of(jpeg), ResizeSpec.snap16(224), SpeedMode.EXACT, ByteBuffer.allocate(1 << 20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SNAP16");
        assertThatThrownBy(() -> preprocessor.writeUint8HwcBatch(
                        List.of(jpeg, jpeg),
                        ResizeSpec.squash(224, 224),
                        SpeedMode.EXACT,
                        ByteBuffer.allocate(224 * 224 * 3)))
                .isInstanceOfSatisfying(
                        ImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BUFFER_TOO_SMALL));
    }

    @Test
    void passthrough_should_keep_the_bytes_and_still_check_limits() {
        PreprocessedImage out = preprocessor.preprocess(jpeg, ResizeSpec.centerCrop(224), SpeedMode.PASSTHROUGH);
        assertThat(out.hasPixels()).isFalse();
        assertThat(out.encoded()).isEqualTo(jpeg);
        assertThat(out.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(out.height()).isEqualTo(480);
        assertThat(out.width()).isEqualTo(640);
        assertThatThrownBy(out::pixels).isInstanceOf(IllegalStateException.class);
        ImagePreprocessor small = ImagePreprocessor.builder()
                .limits(ImageLimits.DEFAULTS.withMaxPixels(1000))
                .build();
        assertThatThrownBy(() -> small.preprocess(jpeg, ResizeSpec.centerCrop(224), SpeedMode.PASSTHROUGH))
                .isInstanceOfSatisfying(
                        ImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS));
        assertThatThrownBy(() -> preprocessor.writeUint8Hwc(
                        jpeg, ResizeSpec.centerCrop(224), SpeedMode.PASSTHROUGH, ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limits_should_refuse_bytes_pixels_frames_and_output_size() {
        ImageLimits d = ImageLimits.DEFAULTS;
        assertReason(
                ImagePreprocessor.builder()
                        .limits(d.withMaxImageBytes(jpeg.length - 1))
                        .build(),
                jpeg,
                ResizeSpec.centerCrop(224),
                Reason.TOO_MANY_BYTES);
        assertReason(
                ImagePreprocessor.builder()
                        .limits(d.withMaxPixels(640L * 480 - 1))
                        .build(),
                jpeg,
                ResizeSpec.squash(16, 16),
                Reason.TOO_MANY_PIXELS);
        assertReason(
                ImagePreprocessor.builder().limits(d.withMaxFrames(2)).build(),
                Corpus.file("gif_animated.gif"),
                ResizeSpec.centerCrop(224),
                Reason.TOO_MANY_FRAMES);
        // a 4000x16 strip snapped to a 2048 short edge would be 512000 pixels long
        assertReason(preprocessor, Corpus.file("jpeg_4000x16.jpg"), ResizeSpec.snap16(2048), Reason.TOO_MANY_PIXELS);
        assertThat(ImagePreprocessor.builder()
                        .limits(d.withMaxFrames(3))
                        .build()
                        .preprocess(Corpus.file("gif_animated.gif"), ResizeSpec.centerCrop(224))
                        .height())
                .isEqualTo(224);
        assertThat(d.maxPixels()).isEqualTo(89_478_485L);
    }

    @Test
    void probe_should_read_the_header_without_decoding() {
        assertThat(preprocessor.probe(jpeg)).isEqualTo(new ImageInfo(ImageFormat.JPEG, 640, 480, 1, 1));
        assertThat(preprocessor.probe(Corpus.file("jpeg_exif_6.jpg")))
                .isEqualTo(new ImageInfo(ImageFormat.JPEG, 160, 120, 1, 6));
        assertThat(preprocessor.probe(Corpus.file("jpeg_exif_6.jpg")).orientedSize())
                .isEqualTo(new ImageSize(160, 120));
        assertThat(preprocessor.probe(Corpus.file("png_exif_6.png")).orientation())
                .isEqualTo(6);
        assertThat(preprocessor.probe(Corpus.file("gif_animated.gif")))
                .isEqualTo(new ImageInfo(ImageFormat.GIF, 120, 90, 3, 1));
        assertThat(preprocessor.probe(Corpus.file("bmp_rgb24.bmp")))
                .isEqualTo(new ImageInfo(ImageFormat.BMP, 120, 90, 1, 1));
        assertThat(preprocessor.probe(Corpus.file("webp_lossy.webp")))
                .isEqualTo(new ImageInfo(ImageFormat.WEBP, 120, 90, 1, 1));
        assertThat(preprocessor.probe(Corpus.file("webp_lossless.webp")).format())
                .isEqualTo(ImageFormat.WEBP);
        assertThat(preprocessor
                        .probe(HostileInputTest.pngHeaderOnly(100_000, 100_000))
                        .pixels())
                .isEqualTo(10_000_000_000L);
    }

    @Test
    void the_system_property_should_switch_native_decoding_off() {
        String old = System.getProperty(ImagePreprocessor.NATIVE_PROPERTY);
        System.setProperty(ImagePreprocessor.NATIVE_PROPERTY, "false");
        try {
            assertThat(ImagePreprocessor.builder().nativeJpeg(true).build().nativeJpegActive())
                    .isFalse();
        } finally {
            if (old == null) {
                System.clearProperty(ImagePreprocessor.NATIVE_PROPERTY);
            } else {
                System.setProperty(ImagePreprocessor.NATIVE_PROPERTY, old);
            }
        }
        assertThat(ImagePreprocessor.builder().nativeJpeg(false).build().nativeJpegActive())
                .isFalse();
    }

    @Test
    void one_instance_shared_by_threads_should_give_every_thread_the_same_bytes() throws Exception {
        List<String> files = List.of(
                "jpeg_420_640x480.jpg", "png_rgba16.png", "webp_lossy.webp", "gif_animated.gif", "jpeg_cmyk.jpg");
        java.util.Map<String, byte[]> expected = new java.util.HashMap<>();
        for (String f : files) {
            expected.put(
                    f,
                    preprocessor
                            .preprocess(Corpus.file(f), ResizeSpec.snap16(224))
                            .pixels());
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String f = files.get(i % files.size());
                results.add(pool.submit(() -> java.util.Arrays.equals(
                        expected.get(f),
                        preprocessor
                                .preprocess(Corpus.file(f), ResizeSpec.snap16(224))
                                .pixels())));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }

    @Test
    void steady_state_writes_should_not_allocate_the_decoded_image_again() {
        org.junit.jupiter.api.Assumptions.assumeTrue(preprocessor.nativeJpegActive(), "libturbojpeg is not installed");
        byte[] large = Corpus.file("jpeg_large_1920x1080.jpg");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ByteBuffer hwc = ByteBuffer.allocate(224 * 224 * 3);
        FloatBuffer chw = FloatBuffer.allocate(3 * 224 * 224);
        for (int i = 0; i < 3; i++) { // first calls size this thread's working arrays
            preprocessor.writeUint8Hwc(large, ResizeSpec.centerCrop(224), SpeedMode.EXACT, hwc.clear());
            preprocessor.writeFloat32Chw(large, ResizeSpec.centerCrop(224), SpeedMode.EXACT, chw.clear());
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        preprocessor.writeUint8Hwc(large, ResizeSpec.centerCrop(224), SpeedMode.EXACT, hwc.clear());
        preprocessor.writeFloat32Chw(large, ResizeSpec.centerCrop(224), SpeedMode.EXACT, chw.clear());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // the decoded 1920x1080 image alone is 6.2 MB; what remains is coefficients and bookkeeping
        assertThat(allocated).isLessThan(512 * 1024);
    }

    @Test
    void resize_spec_geometry_should_follow_the_contract() {
        // CENTER_CROP: long = int(long * S / short), truncated (torchvision; geometry.tsv has the
        // full check); SNAP16: nearest multiple of 16
        assertThat(ResizeSpec.centerCrop(224).resizedSize(480, 640)).isEqualTo(new ImageSize(224, 298));
        assertThat(ResizeSpec.centerCrop(224).resizedSize(1080, 1920)).isEqualTo(new ImageSize(224, 398));
        assertThat(ResizeSpec.centerCrop(224).outputSize(1080, 1920)).isEqualTo(new ImageSize(224, 224));
        assertThat(ResizeSpec.snap16(224).resizedSize(1080, 1920)).isEqualTo(new ImageSize(224, 400));
        assertThat(ResizeSpec.snap16(512).resizedSize(1920, 1080)).isEqualTo(new ImageSize(912, 512));
        assertThat(ResizeSpec.snap16(224).resizedSize(5, 3)).isEqualTo(new ImageSize(368, 224));
        assertThat(ResizeSpec.squash(224, 320).outputSize(1, 1)).isEqualTo(new ImageSize(224, 320));
        assertThatThrownBy(() -> ResizeSpec.snap16(200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResizeSpec.squash(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResizeSpec(ResizeMode.CENTER_CROP, 224, 256))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertReason(ImagePreprocessor p, byte[] data, ResizeSpec spec, Reason reason) {
        assertThatThrownBy(() -> p.preprocess(data, spec))
                .isInstanceOfSatisfying(
                        ImageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}

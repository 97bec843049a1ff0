package io.radio4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.radio4j.core.image.ImageException.Reason;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged and malicious inputs: each fails with its typed reason, fast, without big allocations. */
class HostileInputTest {

    private static ImagePreprocessor preprocessor(boolean nativeDecoders) {
        ImagePreprocessor p =
                ImagePreprocessor.builder().nativeJpeg(nativeDecoders).build();
        if (nativeDecoders) {
            assumeTrue(p.nativeJpegActive(), "libturbojpeg is not installed");
        }
        return p;
    }

    private static final ResizeSpec SPEC = ResizeSpec.centerCrop(224);

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void empty_input_should_be_refused_as_empty(boolean nativeDecoders) {
        assertReason(preprocessor(nativeDecoders), new byte[0], Reason.EMPTY);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void non_image_bytes_should_be_refused_as_unsupported(boolean nativeDecoders) {
        byte[] text = "{\"this\": \"is JSON, not an image\"}".getBytes(StandardCharsets.UTF_8);
        assertReason(preprocessor(nativeDecoders), text, Reason.UNSUPPORTED_FORMAT);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void truncated_jpeg_should_be_refused_as_truncated(boolean nativeDecoders) {
        byte[] jpeg = Corpus.file("jpeg_420_640x480.jpg");
        assertReason(preprocessor(nativeDecoders), Arrays.copyOf(jpeg, jpeg.length / 2), Reason.TRUNCATED);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void jpeg_cut_inside_its_header_should_be_refused_as_truncated(boolean nativeDecoders) {
        byte[] jpeg = Corpus.file("jpeg_420_640x480.jpg");
        assertReason(preprocessor(nativeDecoders), Arrays.copyOf(jpeg, 100), Reason.TRUNCATED);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void jpeg_with_corrupted_entropy_data_should_be_refused_as_corrupt(boolean nativeDecoders) {
        byte[] jpeg = Corpus.file("jpeg_420_640x480.jpg").clone();
        // A restart marker where none may be: libjpeg reports corrupt data instead of failing silently.
        int at = jpeg.length / 2;
        for (int i = 0; i < 64; i += 2) {
            jpeg[at + i] = (byte) 0xFF;
            jpeg[at + i + 1] = (byte) 0xD3;
        }
        assertReason(preprocessor(nativeDecoders), jpeg, Reason.CORRUPT);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void png_with_a_bad_crc_should_be_refused_as_corrupt(boolean nativeDecoders) {
        byte[] png = Corpus.file("png_rgb8.png").clone();
        png[png.length / 2] ^= 0x55; // inside IDAT: its CRC no longer matches
        assertReason(preprocessor(nativeDecoders), png, Reason.CORRUPT);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void truncated_png_should_be_refused_as_truncated(boolean nativeDecoders) {
        byte[] png = Corpus.file("png_rgb8.png");
        assertReason(preprocessor(nativeDecoders), Arrays.copyOf(png, png.length - 20), Reason.TRUNCATED);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void png_header_claiming_100000_by_100000_should_be_refused_before_allocating(boolean nativeDecoders) {
        ImagePreprocessor p = preprocessor(nativeDecoders);
        byte[] bomb = pngHeaderOnly(100_000, 100_000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertReason(p, bomb, Reason.TOO_MANY_PIXELS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // 10^10 pixels would be 30 GB; the refusal must cost no more than bookkeeping.
        assertThat(allocated).isLessThan(4L * 1024 * 1024);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void gif_cut_in_its_first_frame_should_be_refused_as_truncated(boolean nativeDecoders) {
        byte[] gif = Corpus.file("gif_still.gif");
        assertReason(preprocessor(nativeDecoders), Arrays.copyOf(gif, gif.length / 2), Reason.TRUNCATED);
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void webp_cut_short_should_be_refused_as_truncated(boolean nativeDecoders) {
        byte[] webp = Corpus.file("webp_lossy.webp");
        assertReason(preprocessor(nativeDecoders), Arrays.copyOf(webp, webp.length / 2), Reason.TRUNCATED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jpeg_420_640x480.jpg", "png_rgb8.png", "gif_still.gif", "bmp_rgb24.bmp"})
    void trailing_garbage_should_be_ignored_as_pillow_ignores_it(String file) {
        // Pillow stops at the end-of-image marker (phones append data there); so do the decoders.
        byte[] clean = Corpus.file(file);
        byte[] dirty = Arrays.copyOf(clean, clean.length + 4096);
        Arrays.fill(dirty, clean.length, dirty.length, (byte) 0xA5);
        for (boolean nativeDecoders : new boolean[] {true, false}) {
            ImagePreprocessor p =
                    ImagePreprocessor.builder().nativeJpeg(nativeDecoders).build();
            assertThat(p.preprocess(dirty, SPEC).pixels())
                    .isEqualTo(p.preprocess(clean, SPEC).pixels());
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void random_bytes_after_a_jpeg_signature_should_be_refused_with_a_typed_error(boolean nativeDecoders) {
        ImagePreprocessor p = preprocessor(nativeDecoders);
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[64 + random.nextInt(4096)];
            random.nextBytes(junk);
            junk[0] = (byte) 0xFF;
            junk[1] = (byte) 0xD8;
            junk[2] = (byte) 0xFF;
            assertThatThrownBy(() -> p.preprocess(junk, SPEC)).isInstanceOf(ImageException.class);
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void every_prefix_of_a_png_should_fail_with_a_typed_error(boolean nativeDecoders) {
        ImagePreprocessor p = preprocessor(nativeDecoders);
        byte[] png = Corpus.file("png_3x5.png");
        for (int n = 0; n < png.length; n++) {
            byte[] prefix = Arrays.copyOf(png, n);
            assertThatThrownBy(() -> p.preprocess(prefix, SPEC)).isInstanceOf(ImageException.class);
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void every_prefix_of_a_jpeg_header_should_fail_with_a_typed_error(boolean nativeDecoders) {
        ImagePreprocessor p = preprocessor(nativeDecoders);
        byte[] jpeg = Corpus.file("jpeg_3x5.jpg");
        for (int n = 0; n < jpeg.length; n++) {
            byte[] prefix = Arrays.copyOf(jpeg, n);
            assertThatThrownBy(() -> p.preprocess(prefix, SPEC)).isInstanceOf(ImageException.class);
        }
    }

    private static void assertReason(ImagePreprocessor p, byte[] data, Reason reason) {
        assertThatThrownBy(() -> p.preprocess(data, SPEC))
                .isInstanceOfSatisfying(
                        ImageException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(reason.name());
    }

    /** A valid PNG signature, IHDR (with a correct CRC) for the given size, a tiny IDAT and IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] z = new byte[2048];
        int n = deflater.deflate(z);
        chunk(out, "IDAT", Arrays.copyOf(z, n));
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

package io.radio4j.core.image.internal;

/**
 * A decoded RGB image, UINT8 HWC, row-major. The array is owned by the pipeline stage holding the
 * record (not copied: these are large and internal), and may be a pooled array longer than the image.
 *
 * @param height rows
 * @param width columns
 * @param rgb at least {@code height * width * 3} bytes; the image is the first that many
 */
public record RgbImage(int height, int width, byte[] rgb) {

    public RgbImage {
        if (height < 1 || width < 1 || rgb.length < (long) height * width * 3) {
            throw new IllegalArgumentException("RGB buffer of " + rgb.length + " bytes for " + height + "x" + width);
        }
    }

    /** height × width × 3. */
    public int byteCount() {
        return height * width * 3;
    }
}

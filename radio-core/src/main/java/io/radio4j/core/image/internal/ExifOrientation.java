package io.radio4j.core.image.internal;

/**
 * Reads the Orientation tag (0x0112) from IFD0 of an EXIF TIFF block. Hand-written because only
 * one tag is needed and it must never throw on hostile data: anything malformed reads as 1, which
 * is what Pillow's {@code exif_transpose} does when {@code getexif()} finds no usable tag.
 */
final class ExifOrientation {

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {}

    /** Orientation from a TIFF block starting at {@code start} ("II*\0" or "MM\0*"), 1 if absent. */
    static int fromTiff(byte[] b, int start, int end) {
        try {
            if (end - start < 8) {
                return 1;
            }
            boolean little;
            if (b[start] == 'I' && b[start + 1] == 'I') {
                little = true;
            } else if (b[start] == 'M' && b[start + 1] == 'M') {
                little = false;
            } else {
                return 1;
            }
            long ifd = u32(b, start + 4, little);
            if (ifd < 8 || start + ifd + 2 > end) {
                return 1;
            }
            int p = (int) (start + ifd);
            int count = u16(b, p, little);
            p += 2;
            for (int i = 0; i < count && p + 12 <= end; i++, p += 12) {
                if (u16(b, p, little) == ORIENTATION_TAG && u16(b, p + 2, little) == TYPE_SHORT) {
                    int value = u16(b, p + 8, little);
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
            return 1;
        } catch (RuntimeException malformed) {
            return 1;
        }
    }

    /** Orientation from an APP1/EXIF payload that may start with "Exif\0\0". */
    static int fromExifPayload(byte[] b, int start, int end) {
        if (end - start >= 6
                && b[start] == 'E'
                && b[start + 1] == 'x'
                && b[start + 2] == 'i'
                && b[start + 3] == 'f'
                && b[start + 4] == 0
                && b[start + 5] == 0) {
            start += 6;
        }
        return fromTiff(b, start, end);
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? ByteReader.u16le(b, i) : ByteReader.u16be(b, i);
    }

    private static long u32(byte[] b, int i, boolean little) {
        return little ? ByteReader.u32le(b, i) : ByteReader.u32be(b, i);
    }
}

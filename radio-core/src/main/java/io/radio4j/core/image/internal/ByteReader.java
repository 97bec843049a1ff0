package io.radio4j.core.image.internal;

import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImageException.Reason;

/** Bounds-checked big/little-endian reads over an encoded image; running off the end is TRUNCATED. */
final class ByteReader {

    private ByteReader() {}

    static int u8(byte[] b, int i) {
        check(b, i, 1);
        return b[i] & 0xFF;
    }

    static int u16be(byte[] b, int i) {
        check(b, i, 2);
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static int u16le(byte[] b, int i) {
        check(b, i, 2);
        return (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    static int u24le(byte[] b, int i) {
        check(b, i, 3);
        return (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    static long u32be(byte[] b, int i) {
        check(b, i, 4);
        return ((long) (b[i] & 0xFF) << 24) | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    static long u32le(byte[] b, int i) {
        check(b, i, 4);
        return ((long) (b[i + 3] & 0xFF) << 24) | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    static int s32le(byte[] b, int i) {
        return (int) u32le(b, i);
    }

    static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at < 0 || b.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static void check(byte[] b, int i, int n) {
        if (i < 0 || (long) i + n > b.length) {
            throw new ImageException(
                    Reason.TRUNCATED, "header ends at byte " + b.length + ", needed " + ((long) i + n));
        }
    }
}

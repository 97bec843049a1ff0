package io.radio4j.core.image.internal;

import static io.radio4j.core.image.internal.ByteReader.startsWith;
import static io.radio4j.core.image.internal.ByteReader.u16be;
import static io.radio4j.core.image.internal.ByteReader.u16le;
import static io.radio4j.core.image.internal.ByteReader.u24le;
import static io.radio4j.core.image.internal.ByteReader.u32be;
import static io.radio4j.core.image.internal.ByteReader.u32le;
import static io.radio4j.core.image.internal.ByteReader.u8;

import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImageException.Reason;
import io.radio4j.core.image.ImageFormat;
import io.radio4j.core.image.ImageInfo;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Reads format, size, frame count and EXIF orientation from the header of an encoded image without
 * decoding pixels, so limits are enforced before any pixel buffer is allocated. Hand-written
 * because ImageIO's readers allocate and parse far more than the few header fields needed here, and
 * the PNG checksums Pillow verifies are not checked by the JDK's PNG reader at all.
 *
 * <p>Stateless and thread-safe.
 */
public final class HeaderProbe {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    /** Largest edge any supported format can declare that Pillow (and Java arrays) can hold. */
    private static final long MAX_EDGE = Integer.MAX_VALUE;

    private HeaderProbe() {}

    /** The format by its magic bytes, or UNSUPPORTED_FORMAT / EMPTY. */
    public static ImageFormat sniff(byte[] b) {
        if (b.length == 0) {
            throw new ImageException(Reason.EMPTY, "no bytes");
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (startsWith(b, 0, PNG_SIGNATURE)) {
            return ImageFormat.PNG;
        }
        if (startsWith(b, 0, GIF87) || startsWith(b, 0, GIF89)) {
            return ImageFormat.GIF;
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return ImageFormat.BMP;
        }
        if (startsWith(b, 0, RIFF) && startsWith(b, 8, WEBP)) {
            return ImageFormat.WEBP;
        }
        if (b.length < 12) {
            throw new ImageException(Reason.TRUNCATED, "only " + b.length + " bytes, too short for any image header");
        }
        throw new ImageException(Reason.UNSUPPORTED_FORMAT, "not a JPEG, PNG, GIF, BMP or WebP image");
    }

    /**
     * The header facts of {@code b}.
     *
     * @throws ImageException EMPTY, UNSUPPORTED_FORMAT, TRUNCATED or CORRUPT
     */
    public static Header probe(byte[] b) {
        return switch (sniff(b)) {
            case JPEG -> jpeg(b);
            case PNG -> png(b);
            case GIF -> gif(b);
            case BMP -> bmp(b);
            case WEBP -> webp(b);
        };
    }

    private static Header jpeg(byte[] b) {
        int p = 2;
        int orientation = 1;
        boolean exifSeen = false;
        int width = 0;
        int height = 0;
        int components = 0;
        int adobe = -1;
        while (true) {
            if (p >= b.length) {
                throw new ImageException(Reason.TRUNCATED, "JPEG ends before its first scan");
            }
            if ((b[p] & 0xFF) != 0xFF) {
                throw new ImageException(Reason.CORRUPT, "JPEG marker expected at byte " + p);
            }
            while (p < b.length && (b[p] & 0xFF) == 0xFF) {
                p++; // fill bytes
            }
            int marker = u8(b, p++);
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (marker == 0xD9) {
                throw new ImageException(Reason.CORRUPT, "JPEG ends (EOI) before any scan");
            }
            int length = u16be(b, p);
            if (length < 2) {
                throw new ImageException(Reason.CORRUPT, "JPEG segment length " + length + " at byte " + p);
            }
            int start = p + 2;
            int end = p + length;
            if (end > b.length) {
                throw new ImageException(
                        Reason.TRUNCATED, "JPEG segment 0x" + Integer.toHexString(marker) + " runs past the end");
            }
            if (marker == 0xEE && end - start >= 12 && startsWith(b, start, ADOBE)) {
                adobe = u8(b, start + 11);
            }
            if (marker == 0xE1 && !exifSeen && startsWith(b, start, EXIF)) {
                exifSeen = true; // Pillow keeps the first APP1 Exif block
                orientation = ExifOrientation.fromExifPayload(b, start, end);
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF) {
                    throw new ImageException(Reason.UNSUPPORTED_FORMAT, "lossless JPEG (SOF" + (marker - 0xC0) + ")");
                }
                if (components != 0) {
                    throw new ImageException(Reason.CORRUPT, "JPEG has two frame headers");
                }
                int precision = u8(b, start);
                if (precision != 8) {
                    throw new ImageException(Reason.UNSUPPORTED_FORMAT, precision + "-bit JPEG");
                }
                height = u16be(b, start + 1);
                width = u16be(b, start + 3);
                components = u8(b, start + 5);
                if (width == 0 || height == 0) {
                    throw new ImageException(
                            Reason.UNSUPPORTED_FORMAT, "JPEG frame size " + width + "x" + height + " (DNL)");
                }
                if (components != 1 && components != 3 && components != 4) {
                    throw new ImageException(Reason.UNSUPPORTED_FORMAT, "JPEG with " + components + " components");
                }
            } else if (marker == 0xDA) {
                if (components == 0) {
                    throw new ImageException(Reason.CORRUPT, "JPEG scan before its frame header");
                }
                return new Header(new ImageInfo(ImageFormat.JPEG, width, height, 1, orientation), components, adobe);
            }
            p = end;
        }
    }

    private static Header png(byte[] b) {
        int p = PNG_SIGNATURE.length;
        CRC32 crc = new CRC32();
        int width = 0;
        int height = 0;
        int frames = 1;
        int orientation = 1;
        boolean idat = false;
        boolean first = true;
        while (true) {
            if (p + 8 > b.length) {
                throw new ImageException(Reason.TRUNCATED, "PNG ends without an IEND chunk");
            }
            long length = u32be(b, p);
            if (length > Integer.MAX_VALUE) {
                throw new ImageException(Reason.CORRUPT, "PNG chunk length " + length);
            }
            String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
            int data = p + 8;
            long crcAt = data + length;
            if (crcAt + 4 > b.length) {
                throw new ImageException(Reason.TRUNCATED, "PNG chunk " + type + " runs past the end");
            }
            crc.reset();
            crc.update(b, p + 4, (int) length + 4);
            if (crc.getValue() != u32be(b, (int) crcAt)) {
                throw new ImageException(Reason.CORRUPT, "bad CRC in PNG chunk " + type + " at byte " + p);
            }
            if (first != type.equals("IHDR")) {
                throw new ImageException(Reason.CORRUPT, "PNG must start with IHDR, found " + type);
            }
            switch (type) {
                case "IHDR" -> {
                    if (length != 13) {
                        throw new ImageException(Reason.CORRUPT, "IHDR length " + length);
                    }
                    long w = u32be(b, data);
                    long h = u32be(b, data + 4);
                    if (w == 0 || h == 0 || w > MAX_EDGE || h > MAX_EDGE) {
                        throw new ImageException(Reason.CORRUPT, "PNG size " + w + "x" + h);
                    }
                    width = (int) w;
                    height = (int) h;
                    checkPngDepth(u8(b, data + 8), u8(b, data + 9));
                    if (u8(b, data + 12) > 1) {
                        throw new ImageException(Reason.CORRUPT, "PNG interlace method " + u8(b, data + 12));
                    }
                }
                case "acTL" -> frames = (int) Math.min(Integer.MAX_VALUE, Math.max(1, u32be(b, data)));
                case "eXIf" -> orientation = ExifOrientation.fromExifPayload(b, data, (int) crcAt);
                case "IDAT" -> idat = true;
                case "IEND" -> {
                    if (!idat) {
                        throw new ImageException(Reason.CORRUPT, "PNG has no IDAT chunk");
                    }
                    return new Header(new ImageInfo(ImageFormat.PNG, width, height, frames, orientation), 0, -1);
                }
                default -> {}
            }
            first = false;
            p = (int) crcAt + 4;
        }
    }

    private static void checkPngDepth(int depth, int colorType) {
        boolean ok = switch (colorType) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
        if (!ok) {
            throw new ImageException(Reason.CORRUPT, "PNG bit depth " + depth + " with colour type " + colorType);
        }
    }

    private static Header gif(byte[] b) {
        int width = u16le(b, 6);
        int height = u16le(b, 8);
        if (width == 0 || height == 0) {
            throw new ImageException(Reason.CORRUPT, "GIF screen size " + width + "x" + height);
        }
        int flags = u8(b, 10);
        int p = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0);
        int frames = 0;
        while (true) {
            if (p >= b.length) {
                if (frames > 0) {
                    break; // a missing trailer is common and harmless once a frame is complete
                }
                throw new ImageException(Reason.TRUNCATED, "GIF ends before its first frame");
            }
            int block = u8(b, p++);
            if (block == 0x3B) {
                break;
            } else if (block == 0x21) {
                p = skipSubBlocks(b, p + 1);
            } else if (block == 0x2C) {
                int local = u8(b, p + 8);
                p += 9 + ((local & 0x80) != 0 ? 3 << ((local & 7) + 1) : 0);
                u8(b, p); // LZW minimum code size
                p = skipSubBlocks(b, p + 1);
                frames++;
            } else {
                if (frames > 0) {
                    break; // Pillow stops at an unknown block too
                }
                throw new ImageException(
                        Reason.CORRUPT, "GIF block 0x" + Integer.toHexString(block) + " at byte " + (p - 1));
            }
        }
        if (frames == 0) {
            throw new ImageException(Reason.CORRUPT, "GIF has no image");
        }
        return new Header(new ImageInfo(ImageFormat.GIF, width, height, frames, 1), 0, -1);
    }

    private static int skipSubBlocks(byte[] b, int p) {
        while (true) {
            int n = u8(b, p);
            p += 1 + n;
            if (n == 0) {
                return p;
            }
            if (p > b.length) {
                throw new ImageException(Reason.TRUNCATED, "GIF data block runs past the end");
            }
        }
    }

    private static Header bmp(byte[] b) {
        long dib = u32le(b, 14);
        int width;
        long height;
        int bpp;
        if (dib == 12) {
            width = u16le(b, 18);
            height = u16le(b, 20);
            bpp = u16le(b, 24);
        } else if (dib >= 40 && dib <= 124) {
            width = ByteReader.s32le(b, 18);
            height = Math.abs((long) ByteReader.s32le(b, 22));
            bpp = u16le(b, 28);
            long compression = u32le(b, 30);
            if (compression != 0 && compression != 1 && compression != 2 && compression != 3 && compression != 6) {
                throw new ImageException(Reason.UNSUPPORTED_FORMAT, "BMP compression " + compression);
            }
        } else {
            throw new ImageException(Reason.UNSUPPORTED_FORMAT, "BMP header size " + dib);
        }
        if (width <= 0 || height == 0 || height > MAX_EDGE) {
            throw new ImageException(Reason.CORRUPT, "BMP size " + width + "x" + height);
        }
        if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
            throw new ImageException(Reason.UNSUPPORTED_FORMAT, "BMP with " + bpp + " bits per pixel");
        }
        return new Header(new ImageInfo(ImageFormat.BMP, width, (int) height, 1, 1), 0, -1);
    }

    private static Header webp(byte[] b) {
        int p = 12;
        int width = 0;
        int height = 0;
        int frames = 0;
        boolean animated = false;
        int orientation = 1;
        while (p + 8 <= b.length) {
            String type = new String(b, p, 4, StandardCharsets.ISO_8859_1);
            long size = u32le(b, p + 4);
            int data = p + 8;
            if (data + size > b.length) {
                throw new ImageException(Reason.TRUNCATED, "WebP chunk " + type + " runs past the end");
            }
            switch (type) {
                case "VP8X" -> {
                    animated = (u8(b, data) & 0x02) != 0;
                    width = u24le(b, data + 4) + 1;
                    height = u24le(b, data + 7) + 1;
                }
                case "VP8 " -> {
                    if (u8(b, data + 3) != 0x9D || u8(b, data + 4) != 0x01 || u8(b, data + 5) != 0x2A) {
                        throw new ImageException(Reason.CORRUPT, "bad VP8 start code");
                    }
                    if (width == 0) {
                        width = u16le(b, data + 6) & 0x3FFF;
                        height = u16le(b, data + 8) & 0x3FFF;
                    }
                    frames = Math.max(frames, 1);
                }
                case "VP8L" -> {
                    if (u8(b, data) != 0x2F) {
                        throw new ImageException(Reason.CORRUPT, "bad VP8L signature");
                    }
                    if (width == 0) {
                        long bits = u32le(b, data + 1);
                        width = (int) (bits & 0x3FFF) + 1;
                        height = (int) ((bits >> 14) & 0x3FFF) + 1;
                    }
                    frames = Math.max(frames, 1);
                }
                case "ANMF" -> frames = animated ? frames + 1 : frames;
                case "EXIF" -> orientation = ExifOrientation.fromExifPayload(b, data, (int) (data + size));
                default -> {}
            }
            p = (int) Math.min(Integer.MAX_VALUE, data + size + (size & 1));
        }
        if (frames == 0 || width == 0 || height == 0) {
            throw new ImageException(Reason.TRUNCATED, "WebP ends before its image data");
        }
        return new Header(new ImageInfo(ImageFormat.WEBP, width, height, frames, orientation), 0, -1);
    }
}

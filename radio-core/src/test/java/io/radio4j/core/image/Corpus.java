package io.radio4j.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The committed parity corpus (src/test/resources/image) and its Pillow reference hashes. */
final class Corpus {

    /** One row of golden.tsv: the reference output of one file in one mode. */
    record Golden(String file, String mode, int size, int height, int width, String sha256) {

        ResizeSpec spec() {
            return switch (mode) {
                case "squash" -> ResizeSpec.squash(size, size);
                case "center_crop" -> ResizeSpec.centerCrop(size);
                case "snap16" -> ResizeSpec.snap16(size);
                default -> throw new IllegalStateException(mode);
            };
        }

        @Override
        public String toString() {
            return file + " " + mode + (size > 0 ? " " + size : "");
        }
    }

    private Corpus() {}

    static List<Golden> goldens() {
        List<Golden> rows = new ArrayList<>();
        for (String line : new String(resource("golden.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            rows.add(new Golden(
                    f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[5]));
        }
        return rows;
    }

    /** Lossy WebP files of the corpus (VP8, with or without alpha). */
    static boolean isLossyWebp(String file) {
        return file.endsWith(".webp") && !file.contains("lossless");
    }

    /** PSNR in dB of two equally long UINT8 arrays; infinite when identical. */
    static double psnr(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " vs " + b.length + " bytes");
        }
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            se += d * d;
        }
        return se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * a.length / se);
    }

    static byte[] file(String name) {
        return resource("corpus/" + name);
    }

    static byte[] resource(String path) {
        try (InputStream in = Corpus.class.getResourceAsStream("/image/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource image/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

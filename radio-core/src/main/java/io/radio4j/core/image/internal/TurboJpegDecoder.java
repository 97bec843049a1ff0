package io.radio4j.core.image.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImageException.Reason;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * libjpeg-turbo's TurboJPEG 2.x C API through the FFM API (java.lang.foreign): no JNI library to
 * ship, and the Debian package {@code libturbojpeg0} is enough. Default flags give the ISLOW IDCT
 * and fancy upsampling, the settings Pillow's decoder uses, so a full-size decode is byte-identical
 * to Pillow; FAST asks for a DCT-domain scaled decode instead.
 *
 * <p>Thread-safe: a TurboJPEG handle is not, so each call creates and destroys its own (a few
 * microseconds against milliseconds of decoding).
 */
final class TurboJpegDecoder implements JpegDecoder {

    // Constants of turbojpeg.h (libjpeg-turbo 2.1).
    private static final int TJPF_RGB = 0;
    private static final int TJPF_CMYK = 11;
    private static final int TJERR_WARNING = 0;
    private static final int TJFLAG_FASTDCT = 2048;

    private final String library;
    private final MethodHandle initDecompress;
    private final MethodHandle decompressHeader3;
    private final MethodHandle decompress2;
    private final MethodHandle destroy;
    private final MethodHandle getErrorStr2;
    private final MethodHandle getErrorCode;
    private final int[][] scalingFactors; // {num, denom}, largest first

    private TurboJpegDecoder(String library, SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        this.library = library;
        this.initDecompress = linker.downcallHandle(find(lookup, "tjInitDecompress"), FunctionDescriptor.of(ADDRESS));
        // critical(true): the calls take heap arrays directly (no native copy of the JPEG in, no
        // zeroed native buffer and copy of the pixels out) and never call back into Java.
        Linker.Option heap = Linker.Option.critical(true);
        this.decompressHeader3 = linker.downcallHandle(
                find(lookup, "tjDecompressHeader3"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS),
                heap);
        this.decompress2 = linker.downcallHandle(
                find(lookup, "tjDecompress2"),
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_INT),
                heap);
        this.destroy = linker.downcallHandle(find(lookup, "tjDestroy"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        this.getErrorStr2 =
                linker.downcallHandle(find(lookup, "tjGetErrorStr2"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        this.getErrorCode =
                linker.downcallHandle(find(lookup, "tjGetErrorCode"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle factors =
                linker.downcallHandle(find(lookup, "tjGetScalingFactors"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        this.scalingFactors = readScalingFactors(factors);
    }

    /**
     * Opens the library by name through the dynamic linker.
     *
     * @throws IllegalArgumentException if it cannot be loaded or lacks a symbol
     */
    static TurboJpegDecoder open(String name) {
        // The global arena keeps the library loaded for the JVM's life, as System.loadLibrary would.
        return new TurboJpegDecoder(name, SymbolLookup.libraryLookup(name, Arena.global()));
    }

    @Override
    public String description() {
        return "libturbojpeg (" + library + ", FFM), " + scalingFactors.length + " DCT scaling factors";
    }

    @Override
    public RgbImage decode(byte[] jpeg, Header header, int minWidth, int minHeight, Scratch scratch) {
        int components = header.jpegComponents();
        try {
            MemorySegment handle = (MemorySegment) initDecompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                throw new ImageException(Reason.CORRUPT, "tjInitDecompress failed");
            }
            try {
                MemorySegment src = MemorySegment.ofArray(jpeg);
                int[] ints = new int[4];
                MemorySegment out4 = MemorySegment.ofArray(ints);
                int rc = (int) decompressHeader3.invokeExact(
                        handle, src, (long) jpeg.length, out4, out4.asSlice(4), out4.asSlice(8), out4.asSlice(12));
                if (rc != 0) {
                    throw failure(handle, "header");
                }
                // The full-size request is EXACT: keep libjpeg's defaults, as Pillow does. Any other
                // request is FAST, where the integer fast IDCT costs nothing measurable in PSNR on the
                // corpus (fast upsampling, by contrast, cost up to 14 dB and is not used).
                boolean exact = minWidth == Integer.MAX_VALUE && minHeight == Integer.MAX_VALUE;
                int[] scaled = scaledSize(ints[0], ints[1], minWidth, minHeight);
                int w = scaled[0];
                int h = scaled[1];
                int channels = components == 4 ? 4 : 3;
                int bytes = Math.toIntExact((long) w * h * channels);
                // CMYK is converted into a new array afterwards, so only RGB output is pooled.
                byte[] out = channels == 3 ? scratch.decoded(bytes) : new byte[bytes];
                rc = (int) decompress2.invokeExact(
                        handle,
                        src,
                        (long) jpeg.length,
                        MemorySegment.ofArray(out),
                        w,
                        w * channels,
                        h,
                        components == 4 ? TJPF_CMYK : TJPF_RGB,
                        exact ? 0 : TJFLAG_FASTDCT);
                if (rc != 0) {
                    throw failure(handle, "data");
                }
                return components == 4 ? PillowConvert.cmykToRgb(out, h, w) : new RgbImage(h, w, out);
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw new ImageException(Reason.CORRUPT, "libturbojpeg call failed: " + e, e);
        }
    }

    /**
     * The smallest DCT-scaled size (TJSCALED) still at least min × min, full size when none is.
     * Only 1/2, 1/4 and 1/8 are considered: libjpeg-turbo has SIMD code for those alone, and the
     * other M/8 factors measured slower than a full-size decode here (5/8 of a VGA JPEG: 0.83 ms
     * against 0.73 ms).
     */
    int[] scaledSize(int width, int height, int minWidth, int minHeight) {
        int[] best = {width, height};
        for (int[] f : scalingFactors) {
            if (f[0] != 1 || (f[1] != 2 && f[1] != 4 && f[1] != 8)) {
                continue;
            }
            int w = (width * f[0] + f[1] - 1) / f[1];
            int h = (height * f[0] + f[1] - 1) / f[1];
            if (w >= minWidth && h >= minHeight && (long) w * h < (long) best[0] * best[1]) {
                best = new int[] {w, h};
            }
        }
        return best;
    }

    private ImageException failure(MemorySegment handle, String stage) throws Throwable {
        int code = (int) getErrorCode.invokeExact(handle);
        MemorySegment msg = (MemorySegment) getErrorStr2.invokeExact(handle);
        String text = msg.equals(MemorySegment.NULL)
                ? "unknown error"
                : msg.reinterpret(1024).getString(0);
        Reason reason = DecoderMessages.classify(text);
        String kind = code == TJERR_WARNING ? "warning" : "error";
        return new ImageException(reason, "JPEG " + stage + " " + kind + " from libjpeg-turbo: " + text);
    }

    private static int[][] readScalingFactors(MethodHandle factors) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            MemorySegment array = (MemorySegment) factors.invokeExact(count);
            int n = count.get(JAVA_INT, 0);
            if (array.equals(MemorySegment.NULL) || n <= 0 || n > 64) {
                return new int[0][];
            }
            MemorySegment table = array.reinterpret(8L * n);
            int[][] out = new int[n][];
            for (int i = 0; i < n; i++) {
                out[i] = new int[] {table.getAtIndex(JAVA_INT, 2L * i), table.getAtIndex(JAVA_INT, 2L * i + 1)};
            }
            return out;
        } catch (Throwable e) {
            throw new IllegalArgumentException("tjGetScalingFactors failed: " + e, e);
        }
    }

    private static MemorySegment find(SymbolLookup lookup, String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new IllegalArgumentException("symbol " + symbol + " not found"));
    }
}

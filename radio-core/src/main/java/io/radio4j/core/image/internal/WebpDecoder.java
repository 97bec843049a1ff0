package io.radio4j.core.image.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libwebp's simple decoding API ({@code WebPDecodeRGB}) through the FFM API. Pillow decodes WebP
 * with libwebp too, so this is byte-identical to it for lossy files, which the pure-Java
 * TwelveMonkeys decoder is not (its VP8 reconstruction and YUV conversion differ slightly). Loaded
 * once per JVM, with the outcome logged. Thread-safe: the simple API keeps no state.
 */
public final class WebpDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(WebpDecoder.class);
    private static final String[] LIBRARY_NAMES = {"libwebp.so.7", "libwebp.so", "libwebp.dylib", "libwebp.dll"};

    private final String library;
    private final MethodHandle decodeRgb;
    private final MethodHandle free;

    private WebpDecoder(String library, SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        this.library = library;
        this.decodeRgb = linker.downcallHandle(
                find(lookup, "WebPDecodeRGB"), FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        this.free = linker.downcallHandle(find(lookup, "WebPFree"), FunctionDescriptor.ofVoid(ADDRESS));
    }

    private static final class Holder {
        static final Optional<WebpDecoder> DECODER = load();
    }

    /** The native decoder, or empty when libwebp cannot be used here. */
    public static Optional<WebpDecoder> get() {
        return Holder.DECODER;
    }

    private static Optional<WebpDecoder> load() {
        StringBuilder why = new StringBuilder();
        for (String name : LIBRARY_NAMES) {
            try {
                WebpDecoder d = new WebpDecoder(name, SymbolLookup.libraryLookup(name, Arena.global()));
                LOG.info("WebP decode: libwebp ({}, FFM)", name);
                return Optional.of(d);
            } catch (IllegalArgumentException
                    | UnsupportedOperationException
                    | IllegalCallerException
                    | LinkageError e) {
                why.append(name).append(": ").append(e.getMessage()).append("; ");
            }
        }
        LOG.info("WebP decode: pure Java (TwelveMonkeys), libwebp unavailable: {}", why);
        return Optional.empty();
    }

    /** For logs. */
    public String description() {
        return "libwebp (" + library + ", FFM)";
    }

    /** The first frame as RGB (alpha dropped), before EXIF orientation. */
    public RgbImage decode(byte[] webp) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(webp.length);
            MemorySegment.copy(webp, 0, src, JAVA_BYTE, 0, webp.length);
            MemorySegment size = arena.allocate(JAVA_INT, 2);
            MemorySegment pixels =
                    (MemorySegment) decodeRgb.invokeExact(src, (long) webp.length, size, size.asSlice(4));
            if (pixels.equals(MemorySegment.NULL)) {
                throw new ImageException(Reason.CORRUPT, "libwebp cannot decode the WebP data");
            }
            try {
                int w = size.getAtIndex(JAVA_INT, 0);
                int h = size.getAtIndex(JAVA_INT, 1);
                byte[] out = new byte[Math.toIntExact((long) w * h * 3)];
                MemorySegment.copy(pixels.reinterpret(out.length), JAVA_BYTE, 0, out, 0, out.length);
                return new RgbImage(h, w, out);
            } finally {
                free.invokeExact(pixels);
            }
        } catch (ImageException e) {
            throw e;
        } catch (Throwable e) {
            throw new ImageException(Reason.CORRUPT, "libwebp call failed: " + e, e);
        }
    }

    private static MemorySegment find(SymbolLookup lookup, String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new IllegalArgumentException("symbol " + symbol + " not found"));
    }
}

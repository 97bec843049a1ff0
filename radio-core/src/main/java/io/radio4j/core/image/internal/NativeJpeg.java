package io.radio4j.core.image.internal;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads libturbojpeg once per JVM and logs the outcome: which library, or why the pure-Java
 * decoders are used instead (library absent, symbols missing, native access refused).
 */
public final class NativeJpeg {

    private static final Logger LOG = LoggerFactory.getLogger(NativeJpeg.class);
    /** Library names tried in order, resolved by the dynamic linker's standard search. */
    static final String[] LIBRARY_NAMES = {"libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.dylib", "turbojpeg.dll"
    };

    private NativeJpeg() {}

    private static final class Holder {
        static final Optional<JpegDecoder> DECODER = load();
    }

    /** The native decoder, or empty when libturbojpeg cannot be used here. */
    public static Optional<JpegDecoder> decoder() {
        return Holder.DECODER;
    }

    private static Optional<JpegDecoder> load() {
        StringBuilder why = new StringBuilder();
        for (String name : LIBRARY_NAMES) {
            try {
                TurboJpegDecoder decoder = TurboJpegDecoder.open(name);
                LOG.info("JPEG decode: {}", decoder.description());
                return Optional.of(decoder);
            } catch (IllegalArgumentException
                    | UnsupportedOperationException
                    | IllegalCallerException
                    | LinkageError e) {
                why.append(name).append(": ").append(e.getMessage()).append("; ");
            }
        }
        LOG.info("JPEG decode: pure Java (ImageIO), libturbojpeg unavailable: {}", why);
        return Optional.empty();
    }
}

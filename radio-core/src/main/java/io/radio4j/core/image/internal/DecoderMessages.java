package io.radio4j.core.image.internal;

import io.radio4j.core.image.ImageException.Reason;
import java.util.Locale;

/**
 * Maps libjpeg / ImageIO warning and error texts to a {@link Reason}. libjpeg words both cases with
 * "premature end": "Premature end of JPEG file" is a truncated file, "Corrupt JPEG data: premature
 * end of data segment" is damaged entropy data, so the corrupt case is tested first.
 */
final class DecoderMessages {

    private DecoderMessages() {}

    static Reason classify(String message) {
        String m = String.valueOf(message).toLowerCase(Locale.ROOT);
        if (m.contains("corrupt")) {
            return Reason.CORRUPT;
        }
        if (m.contains("premature end")
                || m.contains("truncated")
                || m.contains("missing eoi")
                || m.contains("eof")
                || m.contains("unexpected end")
                || m.contains("insufficient data")) {
            return Reason.TRUNCATED;
        }
        if (m.contains("unsupported") || m.contains("not supported")) {
            return Reason.UNSUPPORTED_FORMAT;
        }
        return Reason.CORRUPT;
    }
}

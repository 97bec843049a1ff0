package io.radio4j.core.image;

import io.radio4j.core.RadioException;
import java.util.Objects;

/**
 * An encoded image that cannot be preprocessed, with the {@link Reason} why. Never retryable: the
 * same bytes fail the same way.
 */
public class ImageException extends RadioException {

    /** Why an image was refused. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY,
        /** The bytes are not an image format radio4j reads (or a variant of one it does not read). */
        UNSUPPORTED_FORMAT,
        /** The data ends before the image does. */
        TRUNCATED,
        /** The data is damaged: bad checksum, invalid header field, broken compressed stream. */
        CORRUPT,
        /** The decoded image, or the resize output, would exceed {@link ImageLimits#maxPixels()}. */
        TOO_MANY_PIXELS,
        /** The encoded image exceeds {@link ImageLimits#maxImageBytes()}. */
        TOO_MANY_BYTES,
        /** The animation exceeds {@link ImageLimits#maxFrames()}. */
        TOO_MANY_FRAMES,
        /** A caller-supplied output buffer is too small for the result. */
        BUFFER_TOO_SMALL
    }

    private final Reason reason;

    /**
     * @param reason why the image was refused
     * @param message the detail, naming the offending value
     * @param cause the underlying decoder failure, or {@code null}
     */
    public ImageException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, cause, false);
        this.reason = reason;
    }

    /** An exception with no underlying cause. */
    public ImageException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** Why the image was refused. */
    public Reason reason() {
        return reason;
    }
}

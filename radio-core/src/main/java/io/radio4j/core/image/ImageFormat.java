package io.radio4j.core.image;

/** The encoded image formats the preprocessor recognises, by their leading magic bytes. */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    BMP("image/bmp"),
    WEBP("image/webp");

    private final String mimeType;

    ImageFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    /** The IANA media type, e.g. {@code image/jpeg}. */
    public String mimeType() {
        return mimeType;
    }
}

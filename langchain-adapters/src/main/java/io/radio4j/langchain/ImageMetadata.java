package io.radio4j.langchain;

/**
 * Metadata keys {@link ImageIngestor} writes on each stored image's {@code TextSegment} (whose text
 * is the image's reference), so stores can filter on them and retrievers can report them.
 */
public final class ImageMetadata {

    /** The image's reference: an absolute file path, or the name given with a stream (String). */
    public static final String PATH = "path";
    /** Width in pixels after EXIF orientation (Integer). */
    public static final String WIDTH = "width";
    /** Height in pixels after EXIF orientation (Integer). */
    public static final String HEIGHT = "height";
    /** Encoded format's media type, e.g. {@code image/jpeg} (String). */
    public static final String MIME_TYPE = "mime_type";
    /** Lower-case hex SHA-256 of the encoded bytes (String). */
    public static final String CONTENT_HASH = "content_hash";
    /** Last modification time in epoch milliseconds, when known (Long). */
    public static final String MODIFIED = "modified";

    private ImageMetadata() {}
}

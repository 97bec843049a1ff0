package io.radio4j.service.index;

import java.util.Objects;

/**
 * One image in the index, as the API reports it.
 *
 * @param id the entry id (a UUID)
 * @param fileName the name it was uploaded with, or the file's name in its folder
 * @param mimeType the encoded format's media type, e.g. {@code image/png}
 * @param width width in pixels after EXIF orientation
 * @param height height in pixels after EXIF orientation
 * @param bytes size of the stored encoded image
 * @param imageUrl where {@code GET} returns the stored bytes (relative to the service root)
 */
public record IndexedImage(
        String id, String fileName, String mimeType, int width, int height, long bytes, String imageUrl) {

    /** @throws NullPointerException if a text field is null */
    public IndexedImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(imageUrl, "imageUrl");
    }

    /** The URL under which the service serves the image of {@code id}. */
    public static String imageUrlOf(String id) {
        return "/v1/index/" + id + "/image";
    }
}

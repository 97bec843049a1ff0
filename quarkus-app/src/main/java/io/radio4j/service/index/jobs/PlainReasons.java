package io.radio4j.service.index.jobs;

/**
 * What an HTTP status means for one file, in words for people. The status decides, not the
 * technical detail, which may hold codes ({@code UNSUPPORTED_FORMAT}) or configuration keys; the
 * detail is reported beside the reason for those who need it.
 */
public final class PlainReasons {

    private PlainReasons() {}

    /** The plain reason a file with this status was not indexed. */
    public static String forFile(int status) {
        return switch (status) {
            case 400, 422 -> "This image could not be read: it may be damaged or cut short.";
            case 403 -> "The service does not allow this.";
            case 404 -> "The image index is turned off on this service.";
            case 409 -> "The index was built with another model; it cannot take this image.";
            case 413 -> "This file is too large for the service.";
            case 415 -> "This file is not an image radio4j can read (JPEG, PNG, GIF, BMP or WebP).";
            case 429 -> "The service is busy right now. Try again in a moment.";
            case 503 -> "The model backend is not available right now. Try again in a moment.";
            default ->
                status >= 500
                        ? "Something went wrong inside the service. Try again; if it keeps happening, see the service log."
                        : "The service could not use this file.";
        };
    }

    /** The plain reason a folder job failed as a whole with this status. */
    public static String forFolder(int status) {
        return switch (status) {
            case 403 -> "The service is not allowed to read this folder.";
            case 404 -> "The image index is turned off on this service.";
            case 413 -> "This folder holds more images than one job may index.";
            case 400, 422 -> "This is not a folder the service can read.";
            default -> forFile(status);
        };
    }
}

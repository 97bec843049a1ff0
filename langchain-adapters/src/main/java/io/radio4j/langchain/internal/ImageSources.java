package io.radio4j.langchain.internal;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.radio4j.core.net.RemoteImageException;
import io.radio4j.core.net.RemoteImageFetcher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the {@link Image} of an {@link ImageContent} into encoded bytes: inline base64, a
 * {@code data:} URL, a {@code file:} URL, or (only when enabled) an {@code http(s):} URL. Every
 * source is bounded by {@code maxBytes} before it is read in full, so a huge upload or download
 * fails with a clear message instead of exhausting memory.
 *
 * <p>Remote URLs go through radio-core's {@link RemoteImageFetcher}: only public addresses, the
 * resolved address is the one connected to, redirects are checked too. Thread-safe.
 */
public final class ImageSources {

    private final long maxBytes;
    private final boolean allowFileUrls;
    private final boolean allowRemoteUrls;
    private final Duration timeout;
    private final RemoteImageFetcher fetcher;

    /**
     * @param maxBytes largest encoded image accepted, in bytes
     * @param allowFileUrls whether {@code file:} URLs may be read
     * @param allowRemoteUrls whether {@code http:} and {@code https:} URLs may be fetched
     * @param timeout connect and read timeout of a fetch
     */
    public ImageSources(long maxBytes, boolean allowFileUrls, boolean allowRemoteUrls, Duration timeout) {
        this(maxBytes, allowFileUrls, allowRemoteUrls, timeout, null);
    }

    /**
     * @param fetcher the fetcher of remote URLs, or null for one with the defaults (public addresses only)
     */
    public ImageSources(
            long maxBytes,
            boolean allowFileUrls,
            boolean allowRemoteUrls,
            Duration timeout,
            RemoteImageFetcher fetcher) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.allowFileUrls = allowFileUrls;
        this.allowRemoteUrls = allowRemoteUrls;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        // One fetcher for library and service: public addresses only, resolved once and connected to
        // as checked, each redirect checked again. Only needed when remote URLs are allowed.
        this.fetcher = fetcher != null || !allowRemoteUrls
                ? fetcher
                : RemoteImageFetcher.builder()
                        .maxBytes(maxBytes)
                        .timeout(this.timeout)
                        .build();
    }

    /** Largest encoded image accepted, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The encoded bytes of an image.
     *
     * @throws InvalidRequestException if the image has no data, malformed base64, an unknown URL
     *     scheme, is larger than {@code maxBytes}, or its file does not exist
     * @throws UnsupportedFeatureException if it is a file or remote URL and those are disabled
     * @throws RetriableException if a remote fetch fails in transit or answers 5xx
     */
    public byte[] bytes(ImageContent content) {
        Image image = Objects.requireNonNull(content, "content").image();
        if (image == null) {
            throw new InvalidRequestException("image content has no image");
        }
        if (image.base64Data() != null) {
            return decodeBase64(image.base64Data(), "base64 image data");
        }
        URI url = image.url();
        if (url == null) {
            throw new InvalidRequestException("image has neither base64 data nor a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "data" -> dataUrl(url.toString());
            case "file" -> file(url);
            case "http", "https" -> remote(url);
            default ->
                throw new InvalidRequestException(
                        "image URL scheme '" + scheme + "' is not supported (" + abbreviate(url.toString())
                                + "); give base64 data, a data: URL, a file: URL or an http(s): URL");
        };
    }

    private byte[] dataUrl(String url) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new InvalidRequestException("data: URL has no ',' before its payload");
        }
        String header = url.substring("data:".length(), comma).toLowerCase(Locale.ROOT);
        if (!header.endsWith(";base64")) {
            throw new InvalidRequestException(
                    "data: URL must be base64-encoded (data:<mime>;base64,...), got 'data:" + header + ",...'");
        }
        return decodeBase64(url.substring(comma + 1), "data: URL payload");
    }

    private byte[] decodeBase64(String base64, String what) {
        // 4 base64 characters carry 3 bytes: refuse before decoding so the check costs nothing.
        long decodedUpperBound = (base64.length() / 4L + 1) * 3;
        if (decodedUpperBound - 3 > maxBytes) {
            throw tooLarge(what, decodedUpperBound - 3);
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(base64);
            if (bytes.length > maxBytes) {
                throw tooLarge(what, bytes.length);
            }
            if (bytes.length == 0) {
                throw new InvalidRequestException(what + " is empty");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(what + " is not valid base64: " + e.getMessage(), e);
        }
    }

    private byte[] file(URI url) {
        if (!allowFileUrls) {
            throw new UnsupportedFeatureException(
                    "file: image URLs are disabled (allowFileUrls(false)): " + abbreviate(url.toString()));
        }
        Path path;
        try {
            path = Path.of(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    "malformed file: URL " + abbreviate(url.toString()) + ": " + e.getMessage(), e);
        }
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw tooLarge("image file " + path, size);
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("image file not found: " + path, e);
        } catch (IOException e) {
            throw new InvalidRequestException("cannot read image file " + path + ": " + e.getMessage(), e);
        }
    }

    private byte[] remote(URI url) {
        if (!allowRemoteUrls) {
            throw new UnsupportedFeatureException(
                    "remote image URLs are disabled; enable them with allowRemoteImages(true) "
                            + "or send the image as base64: " + abbreviate(url.toString()));
        }
        try {
            return fetcher.fetch(url);
        } catch (RemoteImageException e) {
            // The message names the host and the reason, never the fetched bytes.
            if (e.isRetryable()) {
                throw new RetriableException("cannot fetch image: " + e.getMessage(), e);
            }
            throw new InvalidRequestException("cannot fetch image: " + e.getMessage(), e);
        }
    }

    private InvalidRequestException tooLarge(String what, long size) {
        return new InvalidRequestException(
                what + " has " + size + " bytes; the limit is " + maxBytes + " (maxImageBytes)");
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}

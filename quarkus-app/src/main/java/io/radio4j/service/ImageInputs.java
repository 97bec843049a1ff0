package io.radio4j.service;

import io.radio4j.core.net.AddressRules;
import io.radio4j.core.net.RemoteImageException;
import io.radio4j.core.net.RemoteImageFetcher;
import io.radio4j.quarkus.Radio4jConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Turns what clients send into encoded image bytes, enforcing the byte limit before reading
 * anything large: multipart uploads, {@code data:image/...;base64,} URLs and (only when
 * {@code radio4j.remote-images.enabled}) {@code http(s)} URLs that do not resolve to private,
 * loopback or link-local addresses. Thread-safe.
 */
@ApplicationScoped
public class ImageInputs {

    @Inject
    RadioServiceConfig config;

    /** The request limits ({@code radio4j.limits.max-*}) the encoders apply too. */
    @Inject
    Radio4jConfig radio;

    private RemoteImageFetcher fetcher; // null while remote images are off

    /** The fetcher of {@code http(s)} images, built once and only when remote images are on. */
    @PostConstruct
    void createFetcher() {
        if (config.remoteImages().enabled()) {
            fetcher = RemoteImageFetcher.builder()
                    .maxBytes(radio.limits().maxImageBytes())
                    .timeout(config.remoteImages().timeout())
                    .build();
        }
    }

    /** Whether an {@code input} string of {@code /v1/embeddings} names an image rather than a text. */
    public static boolean isImageReference(String input) {
        String head = input.length() > 128
                ? input.substring(0, 128).toLowerCase(Locale.ROOT)
                : input.toLowerCase(Locale.ROOT);
        // Any data URL counts (so a non-image one is refused with 415 rather than embedded as text).
        return DATA_URL.matcher(head).lookingAt() || head.startsWith("http://") || head.startsWith("https://");
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private static final java.util.regex.Pattern DATA_URL =
            java.util.regex.Pattern.compile("data:[a-z0-9.+-]+/[a-z0-9.+-]+[;,]");

    /**
     * The bytes of an image reference ({@link #isImageReference}).
     *
     * @throws ApiProblemException 400 for a malformed data URL, 413 over the byte limit, 403 when
     *     remote images are off, 422 for a forbidden or failing remote address
     */
    public byte[] resolve(String reference, int index) {
        if (reference.regionMatches(true, 0, "data:", 0, 5)) {
            return decodeDataUrl(reference, index);
        }
        return fetch(reference, index);
    }

    /**
     * The bytes of one uploaded file.
     *
     * @throws ApiProblemException 413 over {@code radio4j.limits.max-image-bytes}
     */
    public byte[] read(FileUpload file) {
        long max = radio.limits().maxImageBytes();
        if (file.size() > max) {
            throw ApiProblemException.tooLarge("file '" + file.fileName() + "' has " + file.size()
                    + " bytes, more than radio4j.limits.max-image-bytes = " + max);
        }
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file back", e);
        }
    }

    /**
     * Checks the number of items against {@code radio4j.limits.max-items-per-call}.
     *
     * @throws ApiProblemException 400 when empty, 413 when over the limit
     */
    public void checkCount(int count, String what) {
        if (count == 0) {
            throw ApiProblemException.badRequest("no " + what + " given");
        }
        int max = radio.limits().maxItemsPerCall();
        if (count > max) {
            throw ApiProblemException.tooLarge(
                    count + " " + what + " in one request, more than radio4j.limits.max-items-per-call = " + max);
        }
    }

    /** The files of a multipart request, refusing none and too many. */
    public List<FileUpload> requireFiles(List<FileUpload> files) {
        List<FileUpload> present = files == null
                ? List.of()
                : files.stream().filter(f -> f.uploadedFile() != null).toList();
        checkCount(present.size(), "files (multipart part 'file')");
        return present;
    }

    private byte[] decodeDataUrl(String url, int index) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw ApiProblemException.badRequest("input[" + index + "]: a data URL needs a ',' before its payload");
        }
        String header = url.substring(5, comma).toLowerCase(Locale.ROOT);
        if (!header.startsWith("image/")) {
            throw ApiProblemException.unsupportedMediaType(
                    "input[" + index + "]: data URL of type '" + header + "'; only image/* is accepted");
        }
        if (!header.endsWith(";base64")) {
            throw ApiProblemException.badRequest(
                    "input[" + index + "]: only base64 data URLs are accepted (data:image/...;base64,...)");
        }
        long max = radio.limits().maxImageBytes();
        long payload = url.length() - comma - 1L;
        // Base64 makes 3 bytes into 4 characters: refuse before decoding anything too large.
        if (payload / 4 * 3 > max + 3) {
            throw ApiProblemException.tooLarge("input[" + index + "]: the image has about " + payload / 4 * 3
                    + " bytes, more than radio4j.limits.max-image-bytes = " + max);
        }
        try {
            // Strict decoding (line breaks allowed): the MIME decoder would silently drop bad characters.
            return Base64.getDecoder()
                    .decode(WHITESPACE.matcher(url.substring(comma + 1)).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest("input[" + index + "]: the data URL's payload is not valid base64");
        }
    }

    private byte[] fetch(String url, int index) {
        if (!config.remoteImages().enabled()) {
            throw new ApiProblemException(
                    403,
                    "Remote images disabled",
                    "input[" + index
                            + "]: image URLs are not fetched (radio4j.remote-images.enabled=false); send a data:image/...;base64, URL");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest("input[" + index + "]: not a valid URL");
        }
        try {
            return fetcher.fetch(uri);
        } catch (RemoteImageException e) {
            String detail = "input[" + index + "]: " + e.getMessage();
            throw switch (e.reason()) {
                case BAD_URL -> ApiProblemException.badRequest(detail);
                case TOO_LARGE -> ApiProblemException.tooLarge(detail + " (radio4j.limits.max-image-bytes)");
                default -> ApiProblemException.unprocessable(detail);
            };
        }
    }

    /**
     * Refuses an IP literal or host that resolves to any non-public address ({@link AddressRules}).
     * Fetches go through {@link RemoteImageFetcher}, which applies the same rule to the very address
     * it connects to, and to every redirect.
     */
    static void requirePublic(String host, int index) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw ApiProblemException.unprocessable("input[" + index + "]: unknown host '" + host + "'");
        }
        for (InetAddress a : addresses) {
            if (!AddressRules.isPublic(a)) {
                throw ApiProblemException.unprocessable(
                        "input[" + index + "]: '" + host
                                + "' resolves to a private, loopback, link-local or special-purpose address; such URLs are never fetched");
            }
        }
    }
}

package io.radio4j.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

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

    private volatile HttpClient http;

    /** Whether an {@code input} string of {@code /v1/embeddings} names an image rather than a text. */
    public static boolean isImageReference(String input) {
        String head = input.length() > 128 ? input.substring(0, 128).toLowerCase(Locale.ROOT) : input.toLowerCase(Locale.ROOT);
        // Any data URL counts (so a non-image one is refused with 415 rather than embedded as text).
        return DATA_URL.matcher(head).lookingAt() || head.startsWith("http://") || head.startsWith("https://");
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private static final java.util.regex.Pattern DATA_URL = java.util.regex.Pattern.compile("data:[a-z0-9.+-]+/[a-z0-9.+-]+[;,]");

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
        long max = config.limits().maxImageBytes();
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
     * Checks the number of items against {@code radio4j.limits.max-batch-items}.
     *
     * @throws ApiProblemException 400 when empty, 413 when over the limit
     */
    public void checkCount(int count, String what) {
        if (count == 0) {
            throw ApiProblemException.badRequest("no " + what + " given");
        }
        int max = config.limits().maxBatchItems();
        if (count > max) {
            throw ApiProblemException.tooLarge(count + " " + what + " in one request, more than radio4j.limits.max-batch-items = " + max);
        }
    }

    /** The files of a multipart request, refusing none and too many. */
    public List<FileUpload> requireFiles(List<FileUpload> files) {
        List<FileUpload> present = files == null ? List.of() : files.stream().filter(f -> f.uploadedFile() != null).toList();
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
            throw ApiProblemException.unsupportedMediaType("input[" + index + "]: data URL of type '" + header + "'; only image/* is accepted");
        }
        if (!header.endsWith(";base64")) {
            throw ApiProblemException.badRequest("input[" + index + "]: only base64 data URLs are accepted (data:image/...;base64,...)");
        }
        long max = config.limits().maxImageBytes();
        long payload = url.length() - comma - 1L;
        // Base64 makes 3 bytes into 4 characters: refuse before decoding anything too large.
        if (payload / 4 * 3 > max + 3) {
            throw ApiProblemException.tooLarge("input[" + index + "]: the image has about " + payload / 4 * 3
                    + " bytes, more than radio4j.limits.max-image-bytes = " + max);
        }
        try {
            // Strict decoding (line breaks allowed): the MIME decoder would silently drop bad characters.
            return Base64.getDecoder().decode(WHITESPACE.matcher(url.substring(comma + 1)).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest("input[" + index + "]: the data URL's payload is not valid base64");
        }
    }

    private byte[] fetch(String url, int index) {
        if (!config.remoteImages().enabled()) {
            throw new ApiProblemException(403, "Remote images disabled", "input[" + index
                    + "]: image URLs are not fetched (radio4j.remote-images.enabled=false); send a data:image/...;base64, URL");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest("input[" + index + "]: not a valid URL");
        }
        if (uri.getHost() == null) {
            throw ApiProblemException.badRequest("input[" + index + "]: the URL has no host");
        }
        requirePublic(uri.getHost(), index);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.remoteImages().timeout()).GET().build();
        try {
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw ApiProblemException.unprocessable("input[" + index + "]: the image URL answered HTTP " + response.statusCode());
                }
                long max = config.limits().maxImageBytes();
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                if (bytes.length > max) {
                    throw ApiProblemException.tooLarge("input[" + index + "]: the remote image is larger than radio4j.limits.max-image-bytes = " + max);
                }
                return bytes;
            }
        } catch (IOException e) {
            throw ApiProblemException.unprocessable("input[" + index + "]: the image URL could not be fetched: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblemException(503, "Interrupted", "the fetch was interrupted");
        }
    }

    /**
     * Refuses hosts that resolve to any non-public address. The client below never follows
     * redirects, so a public host cannot bounce the fetch to an internal one.
     */
    static void requirePublic(String host, int index) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw ApiProblemException.unprocessable("input[" + index + "]: unknown host '" + host + "'");
        }
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || isUniqueLocalV6(a) || isCarrierGradeNat(a)) {
                throw ApiProblemException.unprocessable("input[" + index + "]: '" + host
                        + "' resolves to a private, loopback or link-local address; such URLs are never fetched");
            }
        }
    }

    private static boolean isUniqueLocalV6(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xFE) == 0xFC;
    }

    private static boolean isCarrierGradeNat(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(config.remoteImages().timeout()).build();
                }
                c = http;
            }
        }
        return c;
    }
}

package io.radio4j.core.net;

import io.radio4j.core.net.RemoteImageException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches an image by {@code http(s)} URL for a caller that must not become a proxy into its own
 * network. The host is resolved once; every address it resolves to must pass the address rule
 * ({@link AddressRules#isPublic} by default), and the connection goes to that checked address (the
 * {@code Host} header and TLS name stay the URL's host), so a second DNS answer cannot rebind the
 * fetch to an internal address. Redirects are followed only up to {@link Builder#maxRedirects} and
 * each target is checked the same way. The body is read up to {@link Builder#maxBytes} and errors
 * name the host and reason, never the bytes received.
 *
 * <pre>{@code
 * RemoteImageFetcher fetcher = RemoteImageFetcher.builder().maxBytes(16 << 20).timeout(Duration.ofSeconds(10)).build();
 * byte[] jpeg = fetcher.fetch(URI.create("https://example.com/cat.jpg"));
 * }</pre>
 *
 * <p>Plain HTTP/1.1 with {@code Connection: close}, identity or chunked bodies. Thread-safe.
 */
public final class RemoteImageFetcher {

    /** Resolves a host name to its addresses. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** Default of {@link Builder#maxRedirects}. */
    public static final int DEFAULT_MAX_REDIRECTS = 3;
    /** Default of {@link Builder#timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final long maxBytes;
    private final Duration timeout;
    private final int maxRedirects;
    private final Resolver resolver;
    private final Predicate<InetAddress> allowed;
    private final SSLSocketFactory tls;

    private RemoteImageFetcher(Builder b) {
        this.maxBytes = b.maxBytes;
        this.timeout = b.timeout;
        this.maxRedirects = b.maxRedirects;
        this.resolver = b.resolver;
        this.allowed = b.allowed;
        // The JDK's default is looked up on the first https fetch (the JDK keeps it): loading it
        // reads the trust store, which building a fetcher that may never fetch should not cost.
        this.tls = b.tls;
    }

    /** A builder; building is cheap (nothing is loaded or connected until the first fetch). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The body of a 200 answer.
     *
     * @throws RemoteImageException for a bad URL, a refused or unknown host, no answer, another
     *     status, or too many bytes
     */
    public byte[] fetch(URI url) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = url;
        for (int hop = 0; ; hop++) {
            Target target = check(current);
            Answer answer = get(target, deadline);
            if (answer.status() >= 300
                    && answer.status() < 400
                    && answer.headers().containsKey("location")) {
                if (hop >= maxRedirects) {
                    throw new RemoteImageException(
                            Reason.UNREACHABLE,
                            "'" + target.host() + "' redirected more than " + maxRedirects + " times",
                            0,
                            null);
                }
                try {
                    current = current.resolve(answer.headers().get("location").trim());
                } catch (IllegalArgumentException e) {
                    throw new RemoteImageException(
                            Reason.BAD_URL, "'" + target.host() + "' redirected to an invalid URL", 0, e);
                }
                continue;
            }
            if (answer.status() != 200) {
                throw new RemoteImageException(
                        Reason.HTTP_STATUS,
                        "'" + target.host() + "' answered HTTP " + answer.status(),
                        answer.status(),
                        null);
            }
            return answer.body();
        }
    }

    private record Target(String scheme, String host, int port, String pathAndQuery, InetAddress address) {}

    private record Answer(int status, Map<String, String> headers, byte[] body) {}

    private Target check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RemoteImageException(
                    Reason.BAD_URL, "only http and https image URLs are fetched, got '" + scheme + ":'", 0, null);
        }
        String host = url.getHost();
        if (host == null || host.isEmpty() || url.getRawUserInfo() != null) {
            throw new RemoteImageException(Reason.BAD_URL, "the image URL needs a host (and no user name)", 0, null);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(IDN.toASCII(host));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new RemoteImageException(Reason.UNKNOWN_HOST, "unknown host '" + host + "'", 0, e);
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new RemoteImageException(Reason.UNKNOWN_HOST, "unknown host '" + host + "'", 0, null);
        }
        for (InetAddress a : addresses) {
            if (!allowed.test(a)) {
                throw new RemoteImageException(
                        Reason.REFUSED_ADDRESS,
                        "'" + host
                                + "' resolves to an address that is not public (private, loopback, link-local, reserved or special-purpose); "
                                + "such URLs are never fetched",
                        0,
                        null);
            }
        }
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return new Target(scheme, host, port, path + query, addresses.getFirst());
    }

    private Answer get(Target t, long deadline) {
        try (Socket socket = connect(t, deadline)) {
            OutputStream out = socket.getOutputStream();
            String hostHeader = (t.host().contains(":") ? "[" + t.host() + "]" : t.host())
                    + ((t.scheme().equals("https") && t.port() == 443)
                                    || (t.scheme().equals("http") && t.port() == 80)
                            ? ""
                            : ":" + t.port());
            out.write(("GET " + t.pathAndQuery() + " HTTP/1.1\r\nHost: " + hostHeader
                            + "\r\nAccept: image/*\r\nUser-Agent: radio4j\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new DeadlineInputStream(socket.getInputStream(), socket, deadline);
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new RemoteImageException(
                        Reason.UNREACHABLE, "'" + t.host() + "' did not answer in HTTP/1.x", 0, null);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new RemoteImageException(
                        Reason.UNREACHABLE, "'" + t.host() + "' sent a malformed status line", 0, e);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            int headerBytes = statusLine.length();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                headerBytes += h.length();
                if (headerBytes > MAX_HEADER_BYTES) {
                    throw new RemoteImageException(
                            Reason.UNREACHABLE, "'" + t.host() + "' sent too many header bytes", 0, null);
                }
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(
                            h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            h.substring(colon + 1).trim());
                }
            }
            if (status != 200) {
                return new Answer(status, headers, new byte[0]);
            }
            return new Answer(status, headers, body(in, headers, t.host()));
        } catch (SocketTimeoutException e) {
            throw new RemoteImageException(
                    Reason.UNREACHABLE, "'" + t.host() + "' did not answer within " + timeout.toMillis() + " ms", 0, e);
        } catch (IOException e) {
            throw new RemoteImageException(
                    Reason.UNREACHABLE,
                    "'" + t.host() + "' could not be fetched: " + e.getClass().getSimpleName(),
                    0,
                    e);
        }
    }

    private Socket connect(Target t, long deadline) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(t.address(), t.port()), remainingMillis(deadline));
            plain.setSoTimeout(remainingMillis(deadline));
            if (!t.scheme().equals("https")) {
                return plain;
            }
            SSLSocketFactory factory = tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault();
            SSLSocket ssl = (SSLSocket) factory.createSocket(plain, t.host(), t.port(), true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!t.host().contains(":")
                    && !Character.isDigit(t.host().charAt(t.host().length() - 1))) {
                params.setServerNames(List.of(new SNIHostName(t.host())));
            }
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private byte[] body(InputStream in, Map<String, String> headers, String host) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (true) {
                String size = line(in);
                int semi = size.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new RemoteImageException(
                            Reason.UNREACHABLE, "'" + host + "' sent a malformed chunked body", 0, e);
                }
                if (n == 0) {
                    return out.toByteArray();
                }
                copy(in, out, n, host);
                line(in);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new RemoteImageException(
                        Reason.UNREACHABLE, "'" + host + "' sent a malformed Content-Length", 0, e);
            }
            if (n > maxBytes) {
                throw tooLarge(host);
            }
            copy(in, out, n, host);
            return out.toByteArray();
        }
        copy(in, out, Long.MAX_VALUE, host);
        return out.toByteArray();
    }

    private void copy(InputStream in, ByteArrayOutputStream out, long n, String host) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new RemoteImageException(
                        Reason.UNREACHABLE, "'" + host + "' closed the connection before the whole image", 0, null);
            }
            if (out.size() + (long) read > maxBytes) {
                throw tooLarge(host);
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private RemoteImageException tooLarge(String host) {
        return new RemoteImageException(
                Reason.TOO_LARGE, "the image at '" + host + "' is larger than " + maxBytes + " bytes", 0, null);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of a line");
            }
            if (s.length() > MAX_HEADER_BYTES) {
                throw new IOException("line too long");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** Lowers the socket's read timeout to what is left of the whole fetch's deadline before each read. */
    private static final class DeadlineInputStream extends InputStream {
        private final InputStream in;
        private final Socket socket;
        private final long deadline;

        DeadlineInputStream(InputStream in, Socket socket, long deadline) {
            this.in = in;
            this.socket = socket;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return in.read(b, off, len);
        }
    }

    /** Builds a {@link RemoteImageFetcher}. */
    public static final class Builder {
        private long maxBytes = 64L << 20;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private Resolver resolver = host -> List.of(InetAddress.getAllByName(host));
        private Predicate<InetAddress> allowed = AddressRules::isPublic;
        private SSLSocketFactory tls;

        private Builder() {}

        /** Largest body accepted; default 64 MiB. */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** Deadline of the whole fetch, redirects included; default {@link #DEFAULT_TIMEOUT}. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Redirects followed, each to a checked address; 0 follows none; default {@value #DEFAULT_MAX_REDIRECTS}. */
        public Builder maxRedirects(int maxRedirects) {
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects must be >= 0, got " + maxRedirects);
            }
            this.maxRedirects = maxRedirects;
            return this;
        }

        /** How host names are resolved; default the system resolver. */
        public Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Which resolved addresses may be connected to; default {@link AddressRules#isPublic}. */
        public Builder addressRule(Predicate<InetAddress> allowed) {
            this.allowed = Objects.requireNonNull(allowed, "allowed");
            return this;
        }

        /** TLS sockets (custom trust); default the JDK's. */
        public Builder tlsSocketFactory(SSLSocketFactory tls) {
            this.tls = tls;
            return this;
        }

        public RemoteImageFetcher build() {
            return new RemoteImageFetcher(this);
        }
    }
}

package io.radio4j.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The remote-image address rule and fetcher: every IANA special-purpose range refused (as IP
 * literals and as names a test resolver maps to them), public-looking addresses allowed; the fetch
 * connects to the address it checked, checks redirects, and never echoes the bytes it received.
 */
class RemoteImageFetcherTest {

    /** One address in every refused range (IPv4 and IPv6 special-purpose registries, multicast, mapped forms). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "0.1.2.3",
                "10.0.0.1",
                "100.64.0.1",
                "100.127.255.254",
                "127.0.0.1",
                "127.8.9.10",
                "169.254.169.254",
                "172.16.0.1",
                "172.31.255.255",
                "192.0.0.8",
                "192.0.2.10",
                "192.31.196.1",
                "192.52.193.1",
                "192.88.99.1",
                "192.168.1.1",
                "192.175.48.1",
                "198.18.0.1",
                "198.19.255.255",
                "198.51.100.7",
                "203.0.113.9",
                "224.0.0.1",
                "239.255.255.250",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "64:ff9b::a00:1",
                "64:ff9b:1::1",
                "100::1",
                "2001::1",
                "2001:2::1",
                "2001:10::1",
                "2001:db8::1",
                "2002:7f00:1::1",
                "3fff::1",
                "5f00::1",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "fec0::1",
                "ff02::1"
            })
    void refuses_every_special_purpose_address(String literal) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);
        assertThat(AddressRules.isPublic(address)).as(literal).isFalse();
        RemoteImageFetcher fetcher =
                RemoteImageFetcher.builder().resolver(host -> List.of(address)).build();
        assertThatThrownBy(() -> fetcher.fetch(URI.create("http://images.example/cat.jpg")))
                .isInstanceOfSatisfying(
                        RemoteImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteImageException.Reason.REFUSED_ADDRESS));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "100.128.0.1",
                "172.32.0.1",
                "192.0.3.1",
                "198.20.0.1",
                "223.255.255.1",
                "2606:4700::1111",
                "2001:4860:4860::8888",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808"
            })
    void allows_public_addresses(String literal) throws UnknownHostException {
        assertThat(AddressRules.isPublic(InetAddress.getByName(literal)))
                .as(literal)
                .isTrue();
    }

    @Test
    void refuses_a_name_when_any_of_its_addresses_is_not_public() throws UnknownHostException {
        InetAddress good = InetAddress.getByName("8.8.8.8");
        InetAddress bad = InetAddress.getByName("10.1.2.3");
        RemoteImageFetcher fetcher = RemoteImageFetcher.builder()
                .resolver(host -> List.of(good, bad))
                .build();
        assertThatThrownBy(() -> fetcher.fetch(URI.create("https://mixed.example/x.png")))
                .isInstanceOfSatisfying(
                        RemoteImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteImageException.Reason.REFUSED_ADDRESS));
    }

    @Test
    void refuses_other_schemes_and_user_info() {
        RemoteImageFetcher fetcher = RemoteImageFetcher.builder().build();
        for (String url :
                List.of("file:///etc/passwd", "ftp://host/x.png", "http://user@host/x.png", "http:///x.png")) {
            assertThatThrownBy(() -> fetcher.fetch(URI.create(url)))
                    .as(url)
                    .isInstanceOfSatisfying(
                            RemoteImageException.class,
                            e -> assertThat(e.reason()).isEqualTo(RemoteImageException.Reason.BAD_URL));
        }
    }

    // A local server stands in for the internet: the test's address rule allows loopback only,
    // and test names resolve through the test resolver.
    private HttpServer server;
    private final byte[] image = "\u0089PNG-not-really-but-bytes".getBytes(StandardCharsets.ISO_8859_1);
    private final List<String> resolved = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cat.png", x -> {
            x.sendResponseHeaders(200, image.length);
            x.getResponseBody().write(image);
            x.close();
        });
        server.createContext("/chunked.png", x -> {
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write(image);
            x.close();
        });
        server.createContext("/to-internal", x -> {
            x.getResponseHeaders().add("Location", "http://internal.test:" + port() + "/cat.png");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/to-cat", x -> {
            x.getResponseHeaders().add("Location", "/cat.png");
            x.sendResponseHeaders(301, -1);
            x.close();
        });
        server.createContext("/secret", x -> {
            byte[] secret = "root:x:0:0:root".getBytes(StandardCharsets.US_ASCII);
            x.sendResponseHeaders(403, secret.length);
            x.getResponseBody().write(secret);
            x.close();
        });
        server.createContext("/big.png", x -> {
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write(new byte[5000]);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private RemoteImageFetcher fetcher(Map<String, String> dns) {
        return RemoteImageFetcher.builder()
                .maxBytes(1000)
                .addressRule(InetAddress::isLoopbackAddress)
                .resolver(host -> {
                    resolved.add(host);
                    String ip = dns.get(host);
                    if (ip == null) {
                        throw new UnknownHostException(host);
                    }
                    return List.of(InetAddress.getByName(ip));
                })
                .build();
    }

    @Test
    void fetches_from_the_checked_address_with_identity_and_chunked_bodies() {
        RemoteImageFetcher fetcher = fetcher(Map.of("images.test", "127.0.0.1"));
        assertThat(fetcher.fetch(URI.create("http://images.test:" + port() + "/cat.png")))
                .isEqualTo(image);
        assertThat(fetcher.fetch(URI.create("http://images.test:" + port() + "/chunked.png")))
                .isEqualTo(image);
        assertThat(fetcher.fetch(URI.create("http://images.test:" + port() + "/to-cat")))
                .isEqualTo(image);
    }

    @Test
    void resolves_once_so_a_second_answer_cannot_rebind_the_fetch() {
        int[] calls = {0};
        RemoteImageFetcher fetcher = RemoteImageFetcher.builder()
                .addressRule(InetAddress::isLoopbackAddress)
                .resolver(host -> List.of(InetAddress.getByName(calls[0]++ == 0 ? "127.0.0.1" : "10.9.9.9")))
                .build();
        assertThat(fetcher.fetch(URI.create("http://rebind.test:" + port() + "/cat.png")))
                .isEqualTo(image);
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void checks_the_address_of_every_redirect() {
        RemoteImageFetcher fetcher = fetcher(Map.of("images.test", "127.0.0.1", "internal.test", "10.0.0.5"));
        assertThatThrownBy(() -> fetcher.fetch(URI.create("http://images.test:" + port() + "/to-internal")))
                .isInstanceOfSatisfying(
                        RemoteImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteImageException.Reason.REFUSED_ADDRESS));
        assertThat(resolved).containsExactly("images.test", "internal.test");
        RemoteImageFetcher noRedirects = RemoteImageFetcher.builder()
                .maxRedirects(0)
                .addressRule(InetAddress::isLoopbackAddress)
                .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
                .build();
        assertThatThrownBy(() -> noRedirects.fetch(URI.create("http://images.test:" + port() + "/to-cat")))
                .isInstanceOf(RemoteImageException.class)
                .hasMessageContaining("redirected");
    }

    @Test
    void errors_name_the_status_and_limit_but_never_the_bytes() {
        RemoteImageFetcher fetcher = fetcher(Map.of("images.test", "127.0.0.1"));
        assertThatThrownBy(() -> fetcher.fetch(URI.create("http://images.test:" + port() + "/secret")))
                .isInstanceOfSatisfying(RemoteImageException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("403").doesNotContain("root");
                });
        assertThatThrownBy(() -> fetcher.fetch(URI.create("http://images.test:" + port() + "/big.png")))
                .isInstanceOfSatisfying(
                        RemoteImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteImageException.Reason.TOO_LARGE));
    }
}

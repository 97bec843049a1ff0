package io.radio4j.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.testing.TlsTesting;
import io.radio4j.triton.testing.FakeTritonServer;
import io.radio4j.triton.testing.FakeTritonService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with the test certificates shipped in grpc-testing (server1 is valid for *.test.google.fr). */
class TritonClientTlsTest {
    @TempDir
    Path dir;

    private Path copy(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = TlsTesting.loadCert(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void should_talk_tls_to_a_server_whose_certificate_it_trusts() throws IOException {
        try (FakeTritonServer server = FakeTritonServer.loopbackTls(
                        FakeTritonService.standard(),
                        copy("server1.pem").toFile(),
                        copy("server1.key").toFile());
                TritonClient client = TritonClient.builder()
                        .target(server.target())
                        .tls(copy("ca.pem"))
                        .authority("foo.test.google.fr")
                        .build()) {
            assertThat(client.isServerLive()).isTrue();
            assertThat(client.modelMetadata("simple").inputs()).hasSize(2);
        }
    }

    @Test
    void should_fail_unavailable_when_the_certificate_is_not_trusted() throws IOException {
        try (FakeTritonServer server = FakeTritonServer.loopbackTls(
                        FakeTritonService.standard(),
                        copy("server1.pem").toFile(),
                        copy("server1.key").toFile());
                TritonClient client = TritonClient.builder()
                        .target(server.target())
                        .tls()
                        .authority("foo.test.google.fr")
                        .retryPolicy(RetryPolicy.NONE)
                        .build()) {
            assertThatThrownBy(client::isServerLive)
                    .isInstanceOfSatisfying(
                            TritonException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }
}

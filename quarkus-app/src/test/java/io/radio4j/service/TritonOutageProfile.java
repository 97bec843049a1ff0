package io.radio4j.service;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Triton backend pointed at a loopback port where the test itself starts and stops a KServe v2
 * server (radio-core's, over the tiny models): a real gRPC outage, not a mock. The service starts
 * while nothing listens there.
 */
public class TritonOutageProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "radio4j.backend.kind", "triton",
                "radio4j.backend.triton-addresses", "127.0.0.1:" + port,
                // The RADIO-CLIP tokenizer is read from a local copy of the repository (tests run in the module
                // folder).
                "radio4j.backend.repository",
                        Path.of("../triton-model-repo/tiny")
                                .toAbsolutePath()
                                .normalize()
                                .toString(),
                "radio4j.backend.deadline", "5s",
                "radio4j.backend.retry-after", "2s");
    }
}

package io.radio4j.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address rule for remote image URLs, on IP literals so no DNS is needed. */
class RemoteAddressTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.9.10",
                "10.0.0.1",
                "172.16.5.4",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "224.0.0.1",
                "192.0.2.1",
                "198.18.0.1",
                "240.0.0.1",
                "::1",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "::ffff:127.0.0.1"
            })
    void should_refuse_non_public_addresses(String host) {
        ApiProblemException e = assertThrows(ApiProblemException.class, () -> ImageInputs.requirePublic(host, 0));
        assertEquals(422, e.status());
    }

    @Test
    void should_allow_public_addresses() {
        assertDoesNotThrow(() -> ImageInputs.requirePublic("8.8.8.8", 0));
        assertDoesNotThrow(() -> ImageInputs.requirePublic("2001:4860:4860::8888", 0));
        assertDoesNotThrow(() -> ImageInputs.requirePublic("100.128.0.1", 0));
    }
}

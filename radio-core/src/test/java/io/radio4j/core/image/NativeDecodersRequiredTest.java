package io.radio4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.radio4j.core.image.internal.NativeJpeg;
import io.radio4j.core.image.internal.WebpDecoder;
import org.junit.jupiter.api.Test;

/**
 * Where the build says the native decoders are installed ({@code RADIO4J_REQUIRE_NATIVE_DECODERS=true},
 * set by CI after installing the Debian packages), their absence fails the build. Without this, the
 * parity and hostile-input cases that need libturbojpeg or libwebp would be skipped by their
 * assumptions, several hundred of them, and a broken package install would pass unnoticed.
 */
class NativeDecodersRequiredTest {

    private static final String REQUIRE = "RADIO4J_REQUIRE_NATIVE_DECODERS";

    @Test
    void the_native_decoders_load_where_the_build_requires_them() {
        assumeTrue("true".equals(System.getenv(REQUIRE)), REQUIRE + " is not set: native-decoder cases may skip");
        assertThat(NativeJpeg.decoder())
                .as("libturbojpeg (Debian package libturbojpeg0)")
                .isPresent();
        assertThat(WebpDecoder.get()).as("libwebp (Debian package libwebp7)").isPresent();
    }
}

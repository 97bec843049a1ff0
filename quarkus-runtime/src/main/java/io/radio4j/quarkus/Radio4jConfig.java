package io.radio4j.quarkus;

import io.radio4j.core.backend.BackendSpec;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of the radio4j beans, under {@code radio4j.*} in {@code application.properties} or as
 * environment variables ({@code RADIO4J_BACKEND_KIND=triton}). Every default is in a
 * {@code @WithDefault}; the module README lists them. An application may add its own keys under
 * {@code radio4j.*} with a mapping of its own (the radio4j service does).
 */
@ConfigMapping(prefix = "radio4j")
public interface Radio4jConfig {

    /** Where inference runs. */
    Backend backend();

    /** Limits every encoder and embedding model applies. */
    Limits limits();

    /** The backend, turned into a {@link BackendSpec}. */
    interface Backend {

        /** {@code embedded} (ONNX Runtime in this process; the default) or {@code triton}. */
        @WithDefault("embedded")
        BackendSpec.Kind kind();

        /**
         * A Triton model repository folder. Embedded: the ONNX models to load (default: the tiny
         * stand-in models of {@code io.radio4j:triton-model-repo} on the classpath). Triton: a local
         * copy from which the RADIO-CLIP tokenizer is read ({@code radio_clip_text/tokenizer.json}).
         */
        Optional<Path> repository();

        /** Triton gRPC addresses ({@code host:port}), used round-robin; required for {@code triton}. */
        Optional<List<String>> tritonAddresses();

        /** Triton: TLS with the JDK's trusted CAs instead of plaintext. */
        @WithDefault("false")
        boolean tritonTls();

        /** Triton: a PEM file of CA certificates to trust; implies TLS. */
        Optional<Path> tritonTrustedCertificates();

        /** Deadline of every backend call (Triton's own, and every encoder's timeout). */
        @WithDefault("30s")
        Duration deadline();

        /** Triton: longest wait between reconnection attempts to a server that is down (gRPC's own is 120 s). */
        @WithDefault("3s")
        Duration maxReconnectBackoff();

        /** Embedded: ONNX Runtime sessions running at once per model. */
        @WithDefault("2")
        int embeddedConcurrency();
    }

    /** Limits of the encoders and embedding models. */
    interface Limits {

        /** Items (texts, images) one encoder call takes; larger embedding calls go in slices. */
        @WithDefault("64")
        int maxItemsPerCall();

        /** Characters in one text input. */
        @WithDefault("2048")
        int maxTextChars();

        /** Encoded bytes of one image. */
        @WithDefault("16777216")
        long maxImageBytes();

        /** Decoded pixels of one image (Pillow's bomb limit by default). */
        @WithDefault("89478485")
        long maxImagePixels();
    }
}

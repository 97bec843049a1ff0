package io.radio4j.spring;

import io.radio4j.core.RadioSettings;
import io.radio4j.core.backend.BackendSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the radio4j beans, under {@code radio4j.*} in {@code application.properties} (or
 * YAML, or environment variables such as {@code RADIO4J_BACKEND_KIND=triton}). The keys, their
 * defaults and their meaning are those of the Quarkus module's {@code Radio4jConfig}, so one
 * {@code application.properties} configures both; the values become radio-core's
 * {@link RadioSettings} ({@link #settings()}), which checks them when they are bound: a
 * non-positive limit or duration fails the application context with a message naming its key.
 *
 * @param backend where inference runs (radio4j.backend.*)
 * @param limits limits every encoder and embedding model applies (radio4j.limits.*)
 */
@ConfigurationProperties("radio4j")
public record Radio4jProperties(
        @DefaultValue Backend backend, @DefaultValue Limits limits) {

    /** Checks the values as they are bound, so a bad one fails the context with the key named. */
    public Radio4jProperties {
        // radio-core's RadioSettings does the checking; building one is the check.
        new RadioSettings(backend.settings(), limits.settings());
    }

    /** These properties as radio-core's settings. */
    public RadioSettings settings() {
        return new RadioSettings(backend.settings(), limits.settings());
    }

    /**
     * Where inference runs.
     *
     * @param kind embedded (ONNX Runtime in this process; the default) or triton
     * @param repository a Triton model repository folder. Embedded: the ONNX models to load (default:
     *     the tiny stand-in models of io.radio4j:triton-model-repo on the classpath). Triton:
     *     a local copy from which the RADIO-CLIP tokenizer is read (radio_clip_text/tokenizer.json)
     * @param tritonAddresses Triton gRPC addresses (host:port), used round-robin; required
     *     for triton
     * @param tritonTls Triton: TLS with the JDK's trusted CAs instead of plaintext
     * @param tritonTrustedCertificates Triton: a PEM file of CA certificates to trust; implies TLS
     * @param deadline deadline of every backend call (Triton's own, and every encoder's and
     *     embedding model's timeout)
     * @param maxReconnectBackoff Triton: longest wait between reconnection attempts to a server
     *     that is down (gRPC's own is 120 s)
     * @param embeddedConcurrency embedded: ONNX Runtime sessions running at once per model
     */
    public record Backend(
            @DefaultValue("embedded") BackendSpec.Kind kind,
            Path repository,
            List<String> tritonAddresses,
            @DefaultValue("false") boolean tritonTls,
            Path tritonTrustedCertificates,
            @DefaultValue("30s") Duration deadline,
            @DefaultValue("3s") Duration maxReconnectBackoff,
            @DefaultValue("2") int embeddedConcurrency) {

        /** These properties as radio-core's backend settings. */
        public RadioSettings.Backend settings() {
            return new RadioSettings.Backend(
                    kind,
                    repository,
                    tritonAddresses,
                    tritonTls,
                    tritonTrustedCertificates,
                    deadline,
                    maxReconnectBackoff,
                    embeddedConcurrency);
        }
    }

    /**
     * Limits of the encoders and embedding models; each must be positive.
     *
     * @param maxItemsPerCall items (texts, images) one encoder call takes; larger embedding calls go
     *     in slices
     * @param maxTextChars characters in one text input
     * @param maxImageBytes encoded bytes of one image
     * @param maxImagePixels decoded pixels of one image (Pillow's bomb limit by default)
     */
    public record Limits(
            @DefaultValue("64") int maxItemsPerCall,
            @DefaultValue("2048") int maxTextChars,
            @DefaultValue("16777216") long maxImageBytes,
            @DefaultValue("89478485") long maxImagePixels) {

        /** These properties as radio-core's limits. */
        public RadioSettings.Limits settings() {
            return new RadioSettings.Limits(maxItemsPerCall, maxTextChars, maxImageBytes, maxImagePixels);
        }
    }
}

package io.radio4j.service.web;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The service as the web page test needs it: the embedded default backend, and the image index in a
 * folder of this build (never the user's home, the index's default). The folder is derived from the
 * process id, not a random name, because Quarkus creates profiles in more than one class loader and
 * every copy must agree.
 */
public class WebPageTestProfile implements QuarkusTestProfile {

    static final Path DATA = Path.of("target", "web-page-test-" + ProcessHandle.current().pid()).toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "radio4j.index.data-dir", DATA.toString(),
                // Several builds share this machine: a free port rather than the fixed test port.
                "quarkus.http.test-port", "0");
    }
}

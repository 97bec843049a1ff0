package io.radio4j.service.web;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The service as the web page tests need it: the embedded default backend, an API key required on
 * every API call (so the page's key handling is always exercised), and the image index in a folder
 * of this build (never the user's home, the index's default). Every web test class uses this one
 * profile: Quarkus restarts the app for each distinct profile, and a restart in the same JVM cannot
 * load DJL's native tokenizer library a second time. The folder is derived from the
 * process id, not a random name, because Quarkus creates profiles in more than one class loader and
 * every copy must agree.
 */
public class WebPageTestProfile implements QuarkusTestProfile {

    /** The key the service requires; the tests type it into the page. */
    static final String API_KEY = "web-page-test-key";

    static final Path DATA =
            Path.of("target", "web-page-test-" + ProcessHandle.current().pid()).toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "radio4j.index.data-dir",
                DATA.toString(),
                "radio4j.auth.api-key",
                API_KEY,
                // Several builds share this machine: a free port rather than the fixed test port.
                "quarkus.http.test-port",
                "0");
    }
}

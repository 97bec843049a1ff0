package io.radio4j.service;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** API key on, small limits and remote images on: one profile so Quarkus restarts only once for all of them. */
public class AuthAndLimitsProfile implements QuarkusTestProfile {

    static final String KEY = "s3cret-key-for-tests";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "radio4j.auth.api-key", KEY,
                "radio4j.limits.max-image-bytes", "4000",
                "radio4j.limits.max-items-per-call", "3",
                "radio4j.limits.max-text-chars", "40",
                "radio4j.remote-images.enabled", "true",
                "radio4j.remote-images.timeout", "2s");
    }
}

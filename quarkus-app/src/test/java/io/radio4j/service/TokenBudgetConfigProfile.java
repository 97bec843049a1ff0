package io.radio4j.service;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A configured token budget: a calibration profile file with a fitted TTFT model, a dense-reading
 * floor, a default target and shedding on (with probes an hour apart, so none falls in a test).
 */
public class TokenBudgetConfigProfile implements QuarkusTestProfile {

    static final Path PROFILE = Path.of("target", "token-budget-test-profile.json");

    @Override
    public Map<String, String> getConfigOverrides() {
        try (var in = TokenBudgetConfigProfile.class.getResourceAsStream(
                "/io/radio4j/tokenbudget/radio1d-card-profile.json")) {
            String card = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            // The card's file plus a fitted model: 100 ms pipelined, the rest engine time.
            String fitted = card.substring(0, card.lastIndexOf('}')) + """
                    , "ttftModel": {"latencyMs": 100, "perRequestMs": 150, "perImageMs": 2, "perTokenMs": 0.012,
                      "perStepMs": 40, "stepTokens": 8192, "stddevMs": [5, 5, 0.5, 0.001, 5], "rmsMs": 3.0,
                      "note": "test", "fit": []}
                    }""";
            Files.createDirectories(PROFILE.getParent());
            Files.writeString(PROFILE, fitted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "radio4j.token-budget.profile", PROFILE.toAbsolutePath().toString(),
                "radio4j.token-budget.default-ttft-target-ms", "2000",
                "radio4j.token-budget.floors.dense-reading", "64",
                "radio4j.token-budget.shed", "true",
                "radio4j.token-budget.probe-interval", "1h",
                "radio4j.token-budget.quantile", "0.95");
    }
}

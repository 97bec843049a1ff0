package io.radio4j.service.openai;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model names the OpenAI-shaped routes accept besides the service's own: aliases from
 * {@code radio4j.openai.model-aliases}. Thread-safe (immutable after start).
 */
@ApplicationScoped
public class ModelNames {

    private final Map<String, String> aliases;

    @Inject
    public ModelNames(OpenAiConfig config) {
        this.aliases = parse(config.modelAliases());
    }

    /**
     * @param pairs {@code alias=model} entries
     * @throws IllegalArgumentException for an entry that is not {@code alias=model}
     */
    static Map<String, String> parse(Iterable<String> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs) {
            if (pair == null || pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException(
                        "radio4j.openai.model-aliases entries are alias=model, got '" + pair + "'");
            }
            map.put(
                    pair.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    pair.substring(eq + 1).trim());
        }
        return Collections.unmodifiableMap(map);
    }

    /** The model an alias stands for, or empty when the name is no alias. */
    public Optional<String> target(String name) {
        return name == null
                ? Optional.empty()
                : Optional.ofNullable(aliases.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** The name with an alias replaced by its model; other names unchanged. */
    public String resolve(String name) {
        return target(name).orElse(name);
    }

    /** Every alias (lower case) and its model, in configuration order. */
    public Map<String, String> aliases() {
        return aliases;
    }
}

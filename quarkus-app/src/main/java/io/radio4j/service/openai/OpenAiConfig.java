package io.radio4j.service.openai;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * Settings of the OpenAI-shaped routes ({@code /v1/embeddings}, {@code /v1/models}), under
 * {@code radio4j.openai.*}.
 */
@ConfigMapping(prefix = "radio4j.openai")
public interface OpenAiConfig {

    /**
     * Other names clients may use for a model, as {@code alias=model} pairs. The default maps
     * NV-CLIP's name {@code nvidia/nvclip} to {@code radio_clip}, so code written for the NV-CLIP
     * NIM works unchanged. Aliases are matched ignoring case and are listed by {@code /v1/models}.
     */
    @WithDefault("nvidia/nvclip=radio_clip")
    List<String> modelAliases();

    /** The {@code owned_by} field of {@code /v1/models} entries. */
    @WithDefault("nvidia")
    String ownedBy();
}

package io.radio4j.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.model.RadioModels;
import io.radio4j.service.openai.ModelNames;
import io.radio4j.service.openai.OpenAiConfig;
import io.radio4j.service.openai.OpenAiProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's shape ({@code id},
 * {@code object}, {@code created}, {@code owned_by}), plus whether the backend has each model ready
 * and which routes use it. Aliases ({@code radio4j.openai.model-aliases}) are listed as models of
 * their own, so clients that check the list before calling find the name they use.
 */
@Path("/v1/models")
@Tag(name = "models")
public class ModelsResource {

    /** Seconds since the epoch when this service started: the {@code created} of every entry. */
    private static final long CREATED = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000;

    @Inject
    InferenceBackend backend;

    @Inject
    ModelNames names;

    @Inject
    OpenAiConfig config;

    /**
     * One model name.
     *
     * @param created seconds since the epoch (the service's start: the models have no date of their own)
     * @param ready whether the backend has the model loaded now
     * @param use the routes that take this name
     * @param aliasOf for an alias, the model it stands for; otherwise null
     */
    public record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy,
            boolean ready,
            String use,

            @JsonProperty("alias_of") @JsonInclude(JsonInclude.Include.NON_NULL)
            String aliasOf) {}

    /** The list. */
    public record Models(String object, List<Model> data) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Models the service accepts, and whether the backend has each ready")
    public Models list() {
        List<Model> models = new ArrayList<>();
        boolean clip = backend.isModelReady(RadioModels.RADIO_CLIP_VISION)
                && backend.isModelReady(RadioModels.RADIO_CLIP_TEXT);
        models.add(model(EmbeddingService.DEFAULT_MODEL, clip, "/v1/embeddings (texts and images)", null));
        for (String m : List.of(RadioModels.C_RADIO_V4_H, RadioModels.C_RADIO_V4_SO400M)) {
            models.add(model(m, backend.isModelReady(m), "/v1/embeddings (images), /v1/images/*", null));
        }
        models.add(
                model(RadioModels.RADIO1D_H, backend.isModelReady(RadioModels.RADIO1D_H), "/v1/radio1d/tokens", null));
        List<Model> aliases = new ArrayList<>();
        for (Map.Entry<String, String> a : names.aliases().entrySet()) {
            models.stream()
                    .filter(m -> m.id().equalsIgnoreCase(a.getValue()))
                    .findFirst()
                    .ifPresent(target -> aliases.add(model(a.getKey(), target.ready(), target.use(), target.id())));
        }
        models.addAll(aliases);
        return new Models("list", models);
    }

    @GET
    @Path("/{id: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One model by name (aliases included); 404 when the service does not know it")
    public Model get(@PathParam("id") String id) {
        return list().data().stream()
                .filter(m -> m.id().equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> new OpenAiProblemException(
                        404,
                        "Not found",
                        "the model '" + id + "' does not exist here; "
                                + "GET /v1/models lists the names this service accepts",
                        "model",
                        "model_not_found"));
    }

    private Model model(String id, boolean ready, String use, String aliasOf) {
        return new Model(id, "model", CREATED, config.ownedBy(), ready, use, aliasOf);
    }
}

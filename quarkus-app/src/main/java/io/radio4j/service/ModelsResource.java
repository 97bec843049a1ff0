package io.radio4j.service;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.model.RadioModels;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/models}, as OpenAI clients expect: the model names this service accepts and whether each is ready. */
@Path("/v1/models")
@Tag(name = "models")
public class ModelsResource {

    @Inject
    InferenceBackend backend;

    /** One model name. */
    public record Model(String id, String object, boolean ready, String use) {}

    /** The list. */
    public record Models(String object, List<Model> data) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Models the service accepts, and whether the backend has each ready")
    public Models list() {
        List<Model> models = new ArrayList<>();
        boolean clip = backend.isModelReady(RadioModels.RADIO_CLIP_VISION) && backend.isModelReady(RadioModels.RADIO_CLIP_TEXT);
        models.add(new Model(EmbeddingService.DEFAULT_MODEL, "model", clip, "/v1/embeddings (texts and images)"));
        for (String m : List.of(RadioModels.C_RADIO_V4_H, RadioModels.C_RADIO_V4_SO400M)) {
            models.add(new Model(m, "model", backend.isModelReady(m), "/v1/embeddings (images), /v1/images/*"));
        }
        models.add(new Model(RadioModels.RADIO1D_H, "model", backend.isModelReady(RadioModels.RADIO1D_H), "/v1/radio1d/tokens"));
        return new Models("list", models);
    }
}

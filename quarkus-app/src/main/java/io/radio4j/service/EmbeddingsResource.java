package io.radio4j.service;

import io.radio4j.service.api.EmbeddingsRequest;
import io.radio4j.service.api.EmbeddingsResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenAI/NV-CLIP-compatible embeddings of texts and images. */
@Path("/v1/embeddings")
@Tag(name = "embeddings")
public class EmbeddingsResource {

    @Inject
    EmbeddingService service;

    @POST
    @Limited
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Embed texts and data:image URLs",
            description = "model: radio_clip (texts and images, default), c_radio_v4_h or c_radio_v4_so400m (images); "
                    + "encoding_format: float (default) or base64 (little-endian FP32).")
    public EmbeddingsResponse embed(EmbeddingsRequest request) {
        return service.embed(request);
    }
}

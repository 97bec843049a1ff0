package io.radio4j.service;

import io.radio4j.service.api.TokensResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** RADIO1D elastic visual tokens. */
@Path("/v1/radio1d/tokens")
@Tag(name = "radio1d")
public class Radio1dResource {

    @Inject
    Radio1dService service;

    @POST
    @Limited
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The first n RADIO1D tokens of one image ('file' part)",
            description =
                    "Give num_tokens, or ttft_target_ms (with optional text_tokens, task_class) for the token-budget "
                            + "controller to choose n; the decision is returned. resolution (default 512) and resize_mode "
                            + "(squash or center_crop). Tokens: base64 little-endian FP16, n x dimension, prefix tokens excluded.")
    public TokensResponse tokens(
            @RestForm("file") List<FileUpload> files,
            @RestForm("num_tokens") String numTokens,
            @RestForm("ttft_target_ms") String ttftTargetMs,
            @RestForm("text_tokens") String textTokens,
            @RestForm("task_class") String taskClass,
            @RestForm String resolution,
            @RestForm("resize_mode") String resizeMode) {
        return service.tokens(files, numTokens, ttftTargetMs, textTokens, taskClass, resolution, resizeMode);
    }
}

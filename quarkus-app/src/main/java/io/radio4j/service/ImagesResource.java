package io.radio4j.service;

import io.radio4j.service.api.FeaturesResponse;
import io.radio4j.service.api.ImageEmbeddingsResponse;
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

/** Multipart image endpoints: summary embeddings of many files, dense features of one. */
@Path("/v1/images")
@Tag(name = "images")
public class ImagesResource {

    @Inject
    ImageService service;

    @POST
    @Path("/embeddings")
    @Limited
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Embed uploaded images (one or many 'file' parts)",
            description =
                    "model: c_radio_v4_h (default), c_radio_v4_so400m or radio_clip; resolution: N or HxW, multiples of 16 "
                            + "(default 512); resize_mode: squash (default), center_crop or snap16; encoding_format: float or base64.")
    public ImageEmbeddingsResponse embeddings(
            @RestForm("file") List<FileUpload> files,
            @RestForm String model,
            @RestForm String resolution,
            @RestForm("resize_mode") String resizeMode,
            @RestForm("encoding_format") String encodingFormat) {
        return service.embed(files, model, resolution, resizeMode, encodingFormat);
    }

    @POST
    @Path("/features")
    @Limited
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Dense C-RADIO features (NLC) of one uploaded image, optionally with a PCA picture",
            description = "encoding_format: base64 (FP16, default) or float; visualize=true adds a data:image/png URL.")
    public FeaturesResponse features(
            @RestForm("file") List<FileUpload> files,
            @RestForm String model,
            @RestForm String resolution,
            @RestForm("resize_mode") String resizeMode,
            @RestForm("encoding_format") String encodingFormat,
            @RestForm String visualize) {
        return service.features(
                files, model, resolution, resizeMode, encodingFormat, parseBoolean(visualize, "visualize"));
    }

    static boolean parseBoolean(String value, String field) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw ApiProblemException.unprocessable(field + " must be true or false, got '" + value + "'");
        };
    }
}

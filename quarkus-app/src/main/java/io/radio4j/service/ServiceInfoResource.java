package io.radio4j.service;

import io.radio4j.core.backend.BackendSpec;
import io.radio4j.quarkus.Radio4jConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/info}: what this service runs on, so clients (the web page) can tell users when
 * the answers mean nothing: with the embedded backend and no {@code radio4j.backend.repository},
 * the models are the tiny stand-ins shipped for tests and demos, whose similarities are arbitrary.
 */
@Path("/v1/info")
@Tag(name = "models")
public class ServiceInfoResource {

    @Inject
    Radio4jConfig config;

    /**
     * @param backend {@code embedded} or {@code triton}
     * @param standInModels whether the models are the tiny stand-ins (meaningless similarities)
     * @param note a sentence for people, or null
     */
    public record Info(String backend, boolean standInModels, String note) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The backend kind and whether the models are the tiny stand-ins")
    public Info info() {
        Radio4jConfig.Backend b = config.backend();
        boolean standIn =
                b.kind() == BackendSpec.Kind.EMBEDDED && b.repository().isEmpty();
        return new Info(
                b.kind().name().toLowerCase(java.util.Locale.ROOT),
                standIn,
                standIn
                        ? "These are tiny stand-in models for trying the service out: their similarities and scores mean nothing. "
                                + "Set radio4j.backend.repository to the real models, or use a Triton backend."
                        : null);
    }
}

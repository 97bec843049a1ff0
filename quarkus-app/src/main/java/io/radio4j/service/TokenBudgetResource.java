package io.radio4j.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radio4j.service.api.TokenBudgetObservation;
import io.radio4j.service.api.TokenBudgetRequest;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.ControllerState;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The RADIO1D token-budget controller over HTTP: decisions for TTFT targets, and measured TTFTs back. */
@Path("/v1/token-budget")
@Tag(name = "token budget")
public class TokenBudgetResource {

    @Inject
    TokenBudgetService service;

    @Inject
    ObjectMapper mapper;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide RADIO1D visual tokens per image for a TTFT target")
    public BudgetDecision decide(TokenBudgetRequest request) {
        return service.decide(request);
    }

    @POST
    @Path("/observations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Report measured TTFTs for earlier decisions (one object or a list); answers the controller's state")
    public ControllerState observe(JsonNode body) throws IOException {
        if (body == null || body.isNull()) {
            throw ApiProblemException.badRequest(
                    "a JSON body {\"decision\": ..., \"measured_ttft_ms\": ...} or a list of them is required");
        }
        // One object or a list: parameter-level @JsonFormat is not applied to request bodies, so convert here.
        List<TokenBudgetObservation> observations = body.isArray()
                ? mapper.readerForListOf(TokenBudgetObservation.class).readValue(body)
                : List.of(mapper.treeToValue(body, TokenBudgetObservation.class));
        return service.observe(observations);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The controller's current state")
    public ControllerState state() {
        return service.state();
    }
}

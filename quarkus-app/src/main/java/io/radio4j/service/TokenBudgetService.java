package io.radio4j.service;

import io.radio4j.service.api.TokenBudgetObservation;
import io.radio4j.service.api.TokenBudgetRequest;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.BudgetRequest;
import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.ControllerState;
import io.radio4j.tokenbudget.TokenBudgetController;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The service's one RADIO1D {@link TokenBudgetController} (the default calibration profile): it
 * decides visual-token budgets for TTFT targets and learns from measured TTFTs. Its state is per
 * service instance; behind a load balancer, send observations to the replica that decided (or
 * run the controller in the client with the tokenbudget library). Thread-safe.
 */
@ApplicationScoped
public class TokenBudgetService {

    private final TokenBudgetController controller =
            TokenBudgetController.builder().profile(CalibrationProfile.defaultProfile()).build();

    /**
     * @throws ApiProblemException 400 without a body or target
     * @throws io.radio4j.tokenbudget.InvalidRequestException (422) for values out of range
     */
    public BudgetDecision decide(TokenBudgetRequest request) {
        if (request == null || request.ttftTargetMs() == null) {
            throw ApiProblemException.badRequest("'ttft_target_ms' is required");
        }
        return controller.decide(toBudgetRequest(request));
    }

    /** Decides the tokens for one image under a TTFT target (for {@code /v1/radio1d/tokens}). */
    public BudgetDecision decideForOneImage(double ttftTargetMs, Integer textTokens, String taskClass) {
        return controller.decide(toBudgetRequest(new TokenBudgetRequest(1, taskClass == null ? null : List.of(taskClass),
                textTokens, ttftTargetMs, null, null)));
    }

    /**
     * Feeds measured TTFTs back.
     *
     * @throws ApiProblemException 400 for an empty list or an entry without decision or TTFT
     */
    public ControllerState observe(List<TokenBudgetObservation> observations) {
        if (observations == null || observations.isEmpty()) {
            throw ApiProblemException.badRequest("a list of {\"decision\": ..., \"measured_ttft_ms\": ...} is required");
        }
        for (int i = 0; i < observations.size(); i++) {
            TokenBudgetObservation o = observations.get(i);
            if (o == null || o.decision() == null || o.measuredTtftMs() == null) {
                throw ApiProblemException.badRequest("observation " + i + " needs 'decision' and 'measured_ttft_ms'");
            }
        }
        for (TokenBudgetObservation o : observations) {
            controller.observe(o.decision(), o.measuredTtftMs());
        }
        return controller.state();
    }

    /** What the controller has learned so far. */
    public ControllerState state() {
        return controller.state();
    }

    private static BudgetRequest toBudgetRequest(TokenBudgetRequest r) {
        BudgetRequest.Builder b = BudgetRequest.builder().ttftTargetMs(r.ttftTargetMs());
        if (r.images() != null) {
            b.images(r.images());
        }
        if (r.imageClasses() != null) {
            b.imageClasses(r.imageClasses());
        }
        if (r.textTokens() != null) {
            b.textTokens(r.textTokens());
        }
        if (r.quantile() != null) {
            b.quantile(r.quantile());
        }
        if (r.maxTotalTokens() != null) {
            b.maxTotalTokens(r.maxTotalTokens());
        }
        return b.build();
    }
}

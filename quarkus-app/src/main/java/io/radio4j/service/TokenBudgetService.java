package io.radio4j.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.service.api.TokenBudgetObservation;
import io.radio4j.service.api.TokenBudgetRequest;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.BudgetRequest;
import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.ControllerState;
import io.radio4j.tokenbudget.TokenBudgetController;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's one RADIO1D {@link TokenBudgetController}, built from {@code radio4j.token-budget.*}
 * ({@link TokenBudgetConfig}: profile file, task-class floors, default target and quantile,
 * shedding, margin bounds): it decides visual-token budgets for TTFT targets and learns from
 * measured TTFTs. Decisions are counted by reason ({@code radio4j_token_budget_decisions}), and the
 * last predicted TTFT, margin and level, the queue model's backlog and whether it sheds are gauges.
 * Its state is per service instance; behind a load balancer, send observations to the replica that
 * decided (or run the controller in the client with the tokenbudget library). Thread-safe.
 */
@ApplicationScoped
public class TokenBudgetService {

    private final TokenBudgetConfig config;
    private final TokenBudgetController controller;
    private final MeterRegistry registry;
    private final AtomicReference<BudgetDecision> last = new AtomicReference<>();

    @Inject
    public TokenBudgetService(TokenBudgetConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        CalibrationProfile profile = config.profile()
                .filter(p -> !p.isBlank())
                .map(p -> CalibrationProfile.load(Path.of(p)))
                .orElseGet(CalibrationProfile::defaultProfile);
        TokenBudgetController.Builder b = TokenBudgetController.builder()
                .profile(profile)
                .shedUnreachable(config.shed())
                .probeInterval(config.probeInterval())
                .maxMarginMs(config.maxMarginMs())
                .maxMarginFraction(config.maxMarginFraction())
                .marginWindow(config.marginWindow())
                .maxImages(config.maxImages())
                .maxTextTokens(config.maxTextTokens());
        config.floors().forEach(b::floor);
        this.controller = b.build();
        registry.gauge("radio4j_token_budget_predicted_ttft_ms", last, r -> value(r, BudgetDecision::predictedTtftMs));
        registry.gauge("radio4j_token_budget_margin_ms", last, r -> value(r, BudgetDecision::marginMs));
        registry.gauge("radio4j_token_budget_level_tokens", last, r -> value(r, d -> d.levelTokens()));
        registry.gauge(
                "radio4j_token_budget_backlog_ms", controller, c -> c.state().backlogMs());
        registry.gauge(
                "radio4j_token_budget_shedding", controller, c -> c.state().shedding() ? 1 : 0);
    }

    private static double value(
            AtomicReference<BudgetDecision> ref, java.util.function.ToDoubleFunction<BudgetDecision> f) {
        BudgetDecision d = ref.get();
        return d == null ? Double.NaN : f.applyAsDouble(d);
    }

    /** The controller, as configured. */
    public TokenBudgetController controller() {
        return controller;
    }

    /**
     * Counts the decision by reason and keeps it for the gauges. A shed decision is returned as is
     * ({@code admitted: false}, reason {@code SHED}, with its predicted TTFT and margin): callers
     * that act on it answer 429 ({@code /v1/radio1d/tokens} does).
     */
    private BudgetDecision record(BudgetDecision d) {
        last.set(d);
        registry.counter("radio4j_token_budget_decisions", "reason", d.reason().name())
                .increment();
        return d;
    }

    /**
     * @throws ApiProblemException 400 without a body or target
     * @throws io.radio4j.tokenbudget.BudgetRequestException (422) for values out of range
     */
    public BudgetDecision decide(TokenBudgetRequest request) {
        if (request == null
                || (request.ttftTargetMs() == null
                        && config.defaultTtftTargetMs().isEmpty())) {
            throw ApiProblemException.badRequest(
                    "'ttft_target_ms' is required (no radio4j.token-budget.default-ttft-target-ms is set)");
        }
        return record(controller.decide(toBudgetRequest(request)));
    }

    /** Decides the tokens for one image under a TTFT target (for {@code /v1/radio1d/tokens}). */
    public BudgetDecision decideForOneImage(double ttftTargetMs, Integer textTokens, String taskClass) {
        return record(controller.decide(toBudgetRequest(new TokenBudgetRequest(
                1, taskClass == null ? null : List.of(taskClass), textTokens, ttftTargetMs, null, null))));
    }

    /**
     * Feeds measured TTFTs back.
     *
     * @throws ApiProblemException 400 for an empty list or an entry without decision or TTFT
     */
    public ControllerState observe(List<TokenBudgetObservation> observations) {
        if (observations == null || observations.isEmpty()) {
            throw ApiProblemException.badRequest(
                    "a list of {\"decision\": ..., \"measured_ttft_ms\": ...} is required");
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

    private BudgetRequest toBudgetRequest(TokenBudgetRequest r) {
        BudgetRequest.Builder b = BudgetRequest.builder()
                .ttftTargetMs(
                        r.ttftTargetMs() != null
                                ? r.ttftTargetMs()
                                : config.defaultTtftTargetMs().orElseThrow())
                .quantile(config.quantile());
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

package io.radio4j.tokenbudget.simulator;

import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.BudgetRequest;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The controller as a simulated policy: {@code decide} at arrival, {@code observe} at first token,
 * both on the simulator's clock. Requests the controller sheds are not sent.
 */
public final class ControllerPolicy implements Policy {

    private final String name;
    private final TokenBudgetController controller;
    private final double targetMs;
    private final double quantile;

    /**
     * @param factory builds the controller from the simulator's clock
     */
    public ControllerPolicy(String name, LongSupplier simulatedClock, Function<LongSupplier, TokenBudgetController> factory,
                            double targetMs, double quantile) {
        this.name = name;
        this.controller = factory.apply(simulatedClock);
        this.targetMs = targetMs;
        this.quantile = quantile;
    }

    public TokenBudgetController controller() {
        return controller;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Assignment assign(SimRequest request, long nowNanos) {
        BudgetDecision d = controller.decide(BudgetRequest.builder()
                .imageClasses(request.imageClasses())
                .textTokens(request.textTokens())
                .ttftTargetMs(targetMs)
                .quantile(quantile)
                .build());
        if (!d.admitted()) {
            return null;
        }
        return new Assignment(d.tokensPerImage().stream().mapToInt(Integer::intValue).toArray(), d);
    }

    @Override
    public void completed(Assignment assignment, double ttftMs) {
        controller.observe((BudgetDecision) assignment.handle(), ttftMs);
    }

    @Override
    public double level() {
        return controller.state().levelTokens();
    }
}

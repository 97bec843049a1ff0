package io.radio4j.tokenbudget;

/**
 * A {@link BudgetRequest} or an observation is invalid or exceeds a configured limit; the message
 * says which. Named apart from LangChain4j's {@code InvalidRequestException}, so code that handles
 * both (an adapter, a service's error mapper) needs no fully qualified names to tell them apart.
 */
public class BudgetRequestException extends TokenBudgetException {

    /** @param message the offending value and the rule it breaks */
    public BudgetRequestException(String message) {
        super(message);
    }
}

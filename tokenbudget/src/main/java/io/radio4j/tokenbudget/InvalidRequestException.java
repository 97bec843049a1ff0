package io.radio4j.tokenbudget;

/** A {@link BudgetRequest} or an observation is invalid or exceeds a configured limit; the message says which. */
public class InvalidRequestException extends TokenBudgetException {

    public InvalidRequestException(String message) {
        super(message);
    }
}

package io.radio4j.service.index.jobs;

import java.util.Objects;

/**
 * Why a file (or a whole job) was not indexed.
 *
 * @param status the HTTP status the request would have had for this file alone
 * @param reason what went wrong in plain words, for people (see {@link PlainReasons})
 * @param detail the service's technical detail, naming the value and the rule
 */
public record JobFailure(int status, String reason, String detail) {

    /** @throws NullPointerException if a text is null */
    public JobFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** A failure whose plain reason is derived from the status. */
    public static JobFailure of(int status, String detail) {
        return new JobFailure(status, PlainReasons.forFile(status), detail == null ? "" : detail);
    }
}

package io.radio4j.core.encoder.internal;

import io.radio4j.core.RadioException;

/** The result of one item: a value or the reason it failed. */
public record Outcome<R>(R value, RadioException error) {

    public static <R> Outcome<R> ok(R value) {
        return new Outcome<>(value, null);
    }

    public static <R> Outcome<R> failed(RadioException error) {
        return new Outcome<>(null, error);
    }
}

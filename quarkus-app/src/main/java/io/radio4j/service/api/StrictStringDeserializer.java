package io.radio4j.service.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;

/**
 * Reads a JSON string and nothing else: numbers, booleans, lists and objects are refused rather
 * than turned into text ({@code "input": 42} is a mistake, not the text "42").
 */
public final class StrictStringDeserializer extends StdDeserializer<String> {

    public StrictStringDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        String field = p.getParsingContext().inArray() ? p.getParsingContext().getParent().getCurrentName()
                : p.currentName();
        throw MismatchedInputException.from(p, String.class, "'" + (field == null ? "input" : field)
                + "' must hold JSON strings (texts or image URLs), got " + describe(token));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "a nested list";
            case START_OBJECT -> "an object";
            case VALUE_NULL -> "null";
            default -> "something else";
        };
    }
}

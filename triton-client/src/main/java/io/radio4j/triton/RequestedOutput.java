package io.radio4j.triton;

/**
 * An output the caller wants back. Leaving the request's output list empty returns every output.
 *
 * @param name output tensor name
 * @param classCount when &gt; 0, Triton's classification extension: the server returns a BYTES
 *     tensor of the top {@code classCount} entries {@code "<value>:<index>[:<label>]"} instead of
 *     the raw tensor; 0 for the raw tensor
 */
public record RequestedOutput(String name, int classCount) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the name is blank or {@code classCount} negative
     */
    public RequestedOutput {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("requested output name is blank");
        }
        if (classCount < 0) {
            throw new IllegalArgumentException("classCount of output '" + name + "' must be >= 0, got " + classCount);
        }
    }

    /** The raw tensor of output {@code name}. */
    public static RequestedOutput of(String name) {
        return new RequestedOutput(name, 0);
    }
}

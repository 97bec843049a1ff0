package io.radio4j.triton;

import java.util.List;

/**
 * What the server says about itself.
 *
 * @param name server name, e.g. {@code "triton"}
 * @param version server version, e.g. {@code "2.61.0"}
 * @param extensions protocol extensions it supports, e.g. {@code "classification"}, {@code "statistics"}
 */
public record ServerMetadata(String name, String version, List<String> extensions) {

    /**
     * Copies the extension list.
     *
     * @throws IllegalArgumentException if name or version is null
     */
    public ServerMetadata {
        if (name == null || version == null) {
            throw new IllegalArgumentException("server name and version must be non-null");
        }
        extensions = List.copyOf(extensions);
    }

    /** Whether the server lists {@code extension}. */
    public boolean supports(String extension) {
        return extensions.contains(extension);
    }
}

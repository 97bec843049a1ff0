package io.radio4j.benchmarks.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Replaces the text between {@code <!-- section: NAME -->} and {@code <!-- end: NAME -->} in a
 * Markdown file, leaving everything outside the markers byte for byte as it was: several
 * benchmarks share one README, each owning one section.
 *
 * <p>Stateless and thread-safe, but two processes writing the same file at once can lose an update.
 */
public final class ReadmeSection {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

    private ReadmeSection() {}

    /**
     * The text with the named section's body replaced.
     *
     * @throws IllegalArgumentException if the name is not lower-case letters, digits and dashes, or
     *     the markers are missing, repeated or out of order
     */
    public static String replace(String markdown, String name, String body) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("section names are [a-z0-9-]+: " + name);
        }
        String start = "<!-- section: " + name + " -->";
        String end = "<!-- end: " + name + " -->";
        int from = markdown.indexOf(start);
        int to = markdown.indexOf(end);
        if (from < 0
                || to < 0
                || to < from
                || markdown.indexOf(start, from + 1) >= 0
                || markdown.indexOf(end, to + 1) >= 0) {
            throw new IllegalArgumentException("expected exactly one '" + start + "' followed by one '" + end + "'");
        }
        String content = body.isEmpty() || body.endsWith("\n") ? body : body + "\n";
        return markdown.substring(0, from + start.length()) + "\n" + content + markdown.substring(to);
    }

    /**
     * Rewrites the file's named section.
     *
     * @throws IllegalArgumentException as {@link #replace(String, String, String)}
     * @throws IOException if the file cannot be read or written
     */
    public static void write(Path readme, String name, String body) throws IOException {
        String markdown = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, replace(markdown, name, body), StandardCharsets.UTF_8);
    }
}

package io.radio4j.benchmarks.suite;

import java.util.regex.Pattern;

/**
 * Rewrites the text between two marker comments of a Markdown file and leaves every other byte as
 * it was, so several writers can share one README. Section markers are
 * {@code <!-- section: NAME -->} … {@code <!-- end: NAME -->}; generated blocks, which the suite keeps
 * outside or inside sections, are {@code <!-- generated: NAME -->} … {@code <!-- end generated: NAME -->}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReadmeSections {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

    private ReadmeSections() {}

    /** Replaces the body of section {@code name}. @throws IllegalArgumentException if its markers are not there exactly once, in order */
    public static String replaceSection(String markdown, String name, String body) {
        return replace(markdown, "<!-- section: " + checked(name) + " -->", "<!-- end: " + name + " -->", body);
    }

    /** Whether the generated block {@code name} exists. */
    public static boolean hasGenerated(String markdown, String name) {
        return markdown.contains("<!-- generated: " + checked(name) + " -->");
    }

    /**
     * Replaces the body of generated block {@code name}, or if there is none, inserts the block
     * before {@code <!-- section: beforeSection -->} (or at the end when that is null or absent).
     *
     * @throws IllegalArgumentException if the block's markers are repeated or out of order
     */
    public static String replaceGenerated(String markdown, String name, String body, String beforeSection) {
        String start = "<!-- generated: " + checked(name) + " -->";
        String end = "<!-- end generated: " + name + " -->";
        if (markdown.contains(start)) {
            return replace(markdown, start, end, body);
        }
        String block = start + "\n" + terminated(body) + end + "\n\n";
        int at = beforeSection == null ? -1 : markdown.indexOf("<!-- section: " + beforeSection + " -->");
        if (at < 0) {
            return terminated(markdown) + "\n" + block;
        }
        return markdown.substring(0, at) + block + markdown.substring(at);
    }

    private static String replace(String markdown, String start, String end, String body) {
        int from = markdown.indexOf(start);
        int to = markdown.indexOf(end);
        if (from < 0 || to < from || markdown.indexOf(start, from + 1) >= 0 || markdown.indexOf(end, to + 1) >= 0) {
            throw new IllegalArgumentException("expected exactly one '" + start + "' followed by one '" + end + "'");
        }
        return markdown.substring(0, from + start.length()) + "\n" + terminated(body) + markdown.substring(to);
    }

    private static String terminated(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("marker names are [a-z0-9-]+: " + name);
        }
        return name;
    }
}

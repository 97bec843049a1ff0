package io.radio4j.tokenbudget;

import java.util.ArrayList;
import java.util.List;

/**
 * One VLM request about to be sent: how many images it carries, optional task-class hints, its text
 * tokens and its TTFT target. Jackson-serialisable.
 *
 * @param images         number of images, at least 1
 * @param imageClasses   empty (every image is of the profile's default class) or one task-class name
 *                       per image (copied)
 * @param textTokens     prompt text tokens, at least 0
 * @param ttftTargetMs   TTFT target in milliseconds, finite and positive
 * @param quantile       share of requests that should meet the target, in {@code (0, 1)}; default
 *                       {@value #DEFAULT_QUANTILE}
 * @param maxTotalTokens optional cap on the request's visual tokens (all images together); null for
 *                       none. Per-class floors win over it.
 */
public record BudgetRequest(
        int images,
        List<String> imageClasses,
        int textTokens,
        double ttftTargetMs,
        double quantile,
        Integer maxTotalTokens) {

    /** The quantile used when none is given: p90. */
    public static final double DEFAULT_QUANTILE = 0.9;
    /** Text tokens used when none are given: the model card's 128 context tokens. */
    public static final int DEFAULT_TEXT_TOKENS = 128;

    /** @throws BudgetRequestException if a value is out of range */
    public BudgetRequest {
        if (images < 1) {
            throw new BudgetRequestException("images must be at least 1, got " + images);
        }
        imageClasses = imageClasses == null ? List.of() : copyNoNulls(imageClasses);
        if (!imageClasses.isEmpty() && imageClasses.size() != images) {
            throw new BudgetRequestException("imageClasses must be empty or have one entry per image: "
                    + imageClasses.size() + " classes for " + images + " images");
        }
        if (textTokens < 0) {
            throw new BudgetRequestException("textTokens must be at least 0, got " + textTokens);
        }
        if (!Double.isFinite(ttftTargetMs) || ttftTargetMs <= 0) {
            throw new BudgetRequestException("ttftTargetMs must be a positive number, got " + ttftTargetMs);
        }
        if (!(quantile > 0 && quantile < 1)) {
            throw new BudgetRequestException("quantile must lie strictly between 0 and 1, got " + quantile);
        }
        if (maxTotalTokens != null && maxTotalTokens < 1) {
            throw new BudgetRequestException("maxTotalTokens must be at least 1 when given, got " + maxTotalTokens);
        }
    }

    /** A builder; {@link Builder#ttftTargetMs} is the one required value. */
    public static Builder builder() {
        return new Builder();
    }

    /** The task class of image {@code index}, or null when the request gives no hints. */
    public String classOf(int index) {
        return imageClasses.isEmpty() ? null : imageClasses.get(index);
    }

    private static List<String> copyNoNulls(List<String> classes) {
        List<String> copy = new ArrayList<>(classes.size());
        for (int i = 0; i < classes.size(); i++) {
            String c = classes.get(i);
            if (c == null || c.isBlank()) {
                throw new BudgetRequestException(
                        "imageClasses[" + i + "] is blank; omit the list to use the default class");
            }
            copy.add(c);
        }
        return List.copyOf(copy);
    }

    /** Builds a {@link BudgetRequest}; not thread-safe. */
    public static final class Builder {
        private int images = 1;
        private List<String> imageClasses = List.of();
        private int textTokens = DEFAULT_TEXT_TOKENS;
        private double ttftTargetMs = Double.NaN;
        private double quantile = DEFAULT_QUANTILE;
        private Integer maxTotalTokens;

        private Builder() {}

        /** Number of images (default 1); clears class hints of another length at build time. */
        public Builder images(int images) {
            this.images = images;
            return this;
        }

        /** One class per image; also sets {@link #images} to its size. */
        public Builder imageClasses(List<String> imageClasses) {
            this.imageClasses = imageClasses;
            this.images = imageClasses.size();
            return this;
        }

        /** Text tokens (default {@value BudgetRequest#DEFAULT_TEXT_TOKENS}). */
        public Builder textTokens(int textTokens) {
            this.textTokens = textTokens;
            return this;
        }

        /** TTFT target in milliseconds (required). */
        public Builder ttftTargetMs(double ttftTargetMs) {
            this.ttftTargetMs = ttftTargetMs;
            return this;
        }

        /** Quantile to meet (default {@value BudgetRequest#DEFAULT_QUANTILE}). */
        public Builder quantile(double quantile) {
            this.quantile = quantile;
            return this;
        }

        /** Cap on the request's visual tokens (default none). */
        public Builder maxTotalTokens(Integer maxTotalTokens) {
            this.maxTotalTokens = maxTotalTokens;
            return this;
        }

        /** @throws BudgetRequestException if a value is out of range or the target is missing */
        public BudgetRequest build() {
            return new BudgetRequest(images, imageClasses, textTokens, ttftTargetMs, quantile, maxTotalTokens);
        }
    }
}

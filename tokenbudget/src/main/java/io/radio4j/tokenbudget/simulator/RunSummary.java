package io.radio4j.tokenbudget.simulator;

import io.radio4j.tokenbudget.CalibrationProfile;
import java.util.Arrays;
import java.util.List;

/**
 * Aggregate figures of one simulated run, over the requests that arrived after the warm-up.
 *
 * @param policy        policy name
 * @param arrived       requests counted
 * @param shed          of which shed
 * @param attainment    share of counted requests whose TTFT met the target (shed ones did not)
 * @param p50Ms         median TTFT of served requests
 * @param p90Ms         p90 TTFT of served requests
 * @param p99Ms         p99 TTFT of served requests
 * @param meanAccuracy  mean expected accuracy of served requests (percent)
 * @param goodput       requests per second that met the target
 * @param meanTokens    mean tokens per image of served requests
 */
public record RunSummary(String policy, int arrived, int shed, double attainment, double p50Ms, double p90Ms,
                         double p99Ms, double meanAccuracy, double goodput, double meanTokens) {

    /** Summarises {@code outcomes}, counting requests that arrived in {@code [fromNanos, toNanos)}. */
    public static RunSummary of(String policy, List<ServerSimulator.Outcome> outcomes, CalibrationProfile profile,
                                double targetMs, long fromNanos, long toNanos) {
        List<ServerSimulator.Outcome> counted = outcomes.stream()
                .filter(o -> o.request().arrivalNanos() >= fromNanos && o.request().arrivalNanos() < toNanos)
                .toList();
        double[] ttfts = counted.stream().filter(o -> !o.shed()).mapToDouble(ServerSimulator.Outcome::ttftMs).sorted().toArray();
        long met = counted.stream().filter(o -> !o.shed() && o.ttftMs() <= targetMs).count();
        int shed = (int) counted.stream().filter(ServerSimulator.Outcome::shed).count();
        double accuracy = counted.stream().filter(o -> !o.shed()).mapToDouble(o -> accuracy(o, profile)).average().orElse(Double.NaN);
        double tokens = counted.stream().filter(o -> !o.shed()).mapToDouble(ServerSimulator.Outcome::meanTokens).average().orElse(Double.NaN);
        double seconds = (toNanos - fromNanos) / 1e9;
        return new RunSummary(policy, counted.size(), shed, counted.isEmpty() ? Double.NaN : met / (double) counted.size(),
                quantile(ttfts, 0.5), quantile(ttfts, 0.9), quantile(ttfts, 0.99), accuracy, met / seconds, tokens);
    }

    /** Mean over images of the profile's accuracy at the tokens the image got. */
    public static double accuracy(ServerSimulator.Outcome o, CalibrationProfile profile) {
        double sum = 0;
        int[] k = o.tokensPerImage();
        for (int i = 0; i < k.length; i++) {
            sum += profile.curve(o.request().imageClasses().get(i)).accuracyAt(k[i]);
        }
        return sum / k.length;
    }

    /** Nearest-rank quantile of sorted values; NaN when empty. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.clamp(rank, 0, sorted.length - 1)];
    }

    /** Sorted copy. */
    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** One CSV line (see {@link #CSV_HEADER}). */
    public String csv() {
        return String.format(java.util.Locale.ROOT, "%s,%d,%d,%.4f,%.1f,%.1f,%.1f,%.3f,%.4f,%.1f",
                policy, arrived, shed, attainment, p50Ms, p90Ms, p99Ms, meanAccuracy, goodput, meanTokens);
    }

    public static final String CSV_HEADER =
            "policy,arrived,shed,attainment,p50_ms,p90_ms,p99_ms,mean_accuracy,goodput_rps,mean_tokens_per_image";
}

package io.radio4j.tokenbudget;

import io.radio4j.tokenbudget.internal.ProfileJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits a profile's TTFT model ({@link TtftParameters}) from measurements of your own VLM server and
 * writes the profile JSON with the fit error at every point. Usage:
 * <pre>
 * CalibrateCommand --out my-profile.json [--base card-or-profile.json] [--step-tokens 8192] [--name NAME]
 *                  [--sweep requests.csv]...
 *                  [--genai-perf export.csv:images=8,tokens_per_image=64,text_tokens=128,concurrency=4]...
 * </pre>
 * <ul>
 *   <li>{@code --sweep}: one row per request, header
 *       {@code images,tokens_per_image,text_tokens,concurrency,ttft_ms}, sent by {@code concurrency}
 *       closed-loop clients (each sends its next request at the previous one's first token, with
 *       {@code max_tokens=1}). Rows of the same shape and concurrency are one point, at their median.</li>
 *   <li>{@code --genai-perf}: a genai-perf profile export CSV (its {@code Time To First Token (ms)} row,
 *       p50 column, and {@code Request Count} when present), with the request shape and concurrency it
 *       was run with after the colon.</li>
 * </ul>
 * Include a few high-concurrency points: only they separate pipelined latency from engine time. The
 * accuracy curves and the unloaded TTFT table are copied from the base profile (default: the model
 * card's), so the output still says what accuracy each k buys.
 */
public final class CalibrateCommand {

    private CalibrateCommand() {}

    /** Runs the command. @throws ProfileException for bad arguments or input files */
    public static void main(String[] args) throws IOException {
        Path out = null;
        Path base = null;
        String name = null;
        int stepTokens = 8192;
        List<TtftFit.CalibrationPoint> points = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new ProfileException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--base" -> base = Path.of(v);
                case "--name" -> name = v;
                case "--step-tokens" -> stepTokens = parseInt(v, "--step-tokens");
                case "--sweep" -> {
                    points.addAll(readSweep(Path.of(v)));
                    sources.add(Path.of(v).getFileName().toString());
                }
                case "--genai-perf" -> {
                    points.add(readGenaiPerf(v));
                    sources.add(Path.of(v.substring(0, Math.max(0, v.lastIndexOf(':'))))
                            .getFileName()
                            .toString());
                }
                default ->
                    throw new ProfileException("unknown option " + a
                            + " (expected --out, --base, --name, --step-tokens, --sweep, --genai-perf)");
            }
        }
        if (out == null) {
            throw new ProfileException("--out is required");
        }
        if (points.isEmpty()) {
            throw new ProfileException("give at least one --sweep or --genai-perf input");
        }
        CalibrationProfile profile = base == null ? CalibrationProfile.defaultProfile() : CalibrationProfile.load(base);
        TtftParameters start = profile.ttftParameters();
        // A loose prior: the data decide wherever they can.
        double[] v = start.toArray();
        List<Double> loose = new ArrayList<>();
        for (double x : v) {
            loose.add(Math.max(2 * x, 1.0));
        }
        TtftParameters prior = new TtftParameters(v[0], v[1], v[2], v[3], v[4], stepTokens, loose);
        TtftFit.Result fit = new TtftFit(stepTokens, prior).fit(points);
        CalibrationProfile fitted = new CalibrationProfile(
                name == null ? profile.name() + "-calibrated" : name,
                profile.source() + " | TTFT model fitted from " + String.join(", ", sources),
                profile.referenceImages(),
                profile.referenceTextTokens(),
                profile.serviceTime(),
                profile.classes(),
                profile.defaultClass(),
                fit.parameters());
        ProfileJson.write(fitted, fit, "fitted by CalibrateCommand from " + points.size() + " points", out);
        TtftParameters p = fit.parameters();
        System.out.printf(Locale.ROOT, "fitted %d points, rms error %.1f ms%n", points.size(), fit.rmsMs());
        for (int i = 0; i < TtftParameters.SIZE; i++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-13s %10.4f ± %.4f%n",
                    TtftParameters.NAMES.get(i),
                    p.toArray()[i],
                    p.stddevMs().get(i));
        }
        System.out.println("wrote " + out);
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new ProfileException(what + ": not an integer: '" + s + "'");
        }
    }

    private static double parseDouble(String s, String what) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new ProfileException(what + ": not a number: '" + s + "'");
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new ProfileException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ProfileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Per-request rows, grouped by shape and concurrency, at the median. */
    static List<TtftFit.CalibrationPoint> readSweep(Path file) {
        List<String> lines = lines(file);
        if (lines.isEmpty()) {
            throw new ProfileException(file + " is empty");
        }
        List<String> header = List.of(lines.getFirst().trim().split("\\s*,\\s*"));
        String[] needed = {"images", "tokens_per_image", "text_tokens", "concurrency", "ttft_ms"};
        int[] col = new int[needed.length];
        for (int i = 0; i < needed.length; i++) {
            col[i] = header.indexOf(needed[i]);
            if (col[i] < 0) {
                throw new ProfileException(file + ": header lacks column '" + needed[i] + "' (got " + header + ")");
            }
        }
        Map<List<Integer>, List<Double>> groups = new LinkedHashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            String where = file.getFileName() + " line " + (n + 1);
            if (f.length < header.size()) {
                throw new ProfileException(where + ": expected " + header.size() + " fields, got " + f.length);
            }
            List<Integer> key = List.of(
                    parseInt(f[col[0]], where),
                    parseInt(f[col[1]], where),
                    parseInt(f[col[2]], where),
                    parseInt(f[col[3]], where));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(parseDouble(f[col[4]], where));
        }
        List<TtftFit.CalibrationPoint> points = new ArrayList<>();
        groups.forEach((k, ttfts) -> {
            List<Double> sorted = new ArrayList<>(ttfts);
            sorted.sort(null);
            int m = sorted.size();
            double median = m % 2 == 1 ? sorted.get(m / 2) : (sorted.get(m / 2 - 1) + sorted.get(m / 2)) / 2;
            points.add(new TtftFit.CalibrationPoint(k.get(0), k.get(1), k.get(2), k.get(3), median, m));
        });
        return points;
    }

    /** One genai-perf export: {@code file.csv:images=..,tokens_per_image=..,text_tokens=..,concurrency=..}. */
    static TtftFit.CalibrationPoint readGenaiPerf(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw new ProfileException(
                    "--genai-perf needs FILE:images=N,tokens_per_image=K,text_tokens=T,concurrency=C, got " + spec);
        }
        Path file = Path.of(spec.substring(0, colon));
        Map<String, Integer> shape = new LinkedHashMap<>();
        for (String kv : spec.substring(colon + 1).split(",")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2) {
                throw new ProfileException("--genai-perf shape entry '" + kv + "' is not key=value");
            }
            shape.put(p[0].trim(), parseInt(p[1], "--genai-perf " + p[0]));
        }
        for (String k : List.of("images", "tokens_per_image", "text_tokens", "concurrency")) {
            if (!shape.containsKey(k)) {
                throw new ProfileException("--genai-perf " + file + ": shape lacks '" + k + "'");
            }
        }
        Double ttft = null;
        int requests = 1;
        List<String> header = null;
        for (String raw : lines(file)) {
            String line = raw.trim();
            if (line.startsWith("Metric,")) {
                header = List.of(line.split("\\s*,\\s*"));
                continue;
            }
            String[] f = line.split("\\s*,\\s*");
            if (f[0].startsWith("Time To First Token") && header != null) {
                int at = header.indexOf("p50");
                if (at < 0) {
                    at = header.indexOf("avg");
                }
                if (at < 0 || at >= f.length) {
                    throw new ProfileException(file + ": TTFT row has no p50 or avg column");
                }
                ttft = parseDouble(f[at], file + " TTFT");
            } else if (f[0].startsWith("Request Count") && f.length > 1) {
                requests = Math.max(1, (int) parseDouble(f[1], file + " request count"));
            }
        }
        if (ttft == null) {
            throw new ProfileException(
                    file + ": no 'Time To First Token (ms)' row; is it a genai-perf profile export CSV?");
        }
        return new TtftFit.CalibrationPoint(
                shape.get("images"),
                shape.get("tokens_per_image"),
                shape.get("text_tokens"),
                shape.get("concurrency"),
                ttft,
                requests);
    }
}

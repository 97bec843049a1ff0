package io.radio4j.tokenbudget;

import io.radio4j.tokenbudget.internal.ProfileJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the controller knows about the serving stack before it sees any traffic: the unloaded
 * service-time curve and one accuracy curve per task class.
 *
 * <p>{@link #defaultProfile()} is the RADIO1D model card's table (Nemotron-Nano-9B-v2 VLM, H100,
 * vLLM, 32 images, 128 text tokens): TTFT and 11-benchmark average accuracy at k = 1, 8, 32, 64,
 * 128, 192, 224, 256. Its {@value TaskClassCurve#DENSE_READING} curve is an <em>assumption</em>
 * (the card only says dense-reading tasks degrade strongly at 32 tokens or fewer): replace it with
 * {@link #withClass} or load a measured profile with {@link #fromJson}. The JSON format is the one of
 * the bundled resource {@code io/radio4j/tokenbudget/radio1d-card-profile.json}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name                a label for logs and reports
 * @param source              where the numbers come from (free text)
 * @param referenceImages     images per request in the TTFT measurement (informational)
 * @param referenceTextTokens text tokens per request in the TTFT measurement (informational)
 * @param serviceTime         unloaded TTFT against total prompt tokens
 * @param classes             accuracy curves by task-class name, at least one (copied)
 * @param defaultClass        the class of images that come without a class hint; must be a key of
 *                            {@code classes}
 * @param ttftModel           the fitted TTFT model (from a calibration run), or null: then
 *                            {@link #ttftParameters()} derives one from the service-time curve
 */
public record CalibrationProfile(
        String name,
        String source,
        int referenceImages,
        int referenceTextTokens,
        ServiceTimeCurve serviceTime,
        Map<String, TaskClassCurve> classes,
        String defaultClass,
        TtftParameters ttftModel) {

    /**
     * Share of a card-derived model's constant part taken as pipelined latency (the rest occupies the
     * engine). A card that measures one request at a time cannot tell them apart; this prior split is
     * loose (its standard deviation equals each value) and online learning corrects it.
     */
    public static final double CARD_LATENCY_SHARE = 0.5;

    /** A profile without a fitted TTFT model. */
    public CalibrationProfile(
            String name,
            String source,
            int referenceImages,
            int referenceTextTokens,
            ServiceTimeCurve serviceTime,
            Map<String, TaskClassCurve> classes,
            String defaultClass) {
        this(name, source, referenceImages, referenceTextTokens, serviceTime, classes, defaultClass, null);
    }

    /** Classpath location of the shipped default profile. */
    public static final String DEFAULT_PROFILE_RESOURCE = "/io/radio4j/tokenbudget/radio1d-card-profile.json";

    /** @throws ProfileException if a part is missing or the default class is unknown */
    public CalibrationProfile {
        if (serviceTime == null) {
            throw new ProfileException("profile '" + name + "' has no service-time curve");
        }
        if (classes == null || classes.isEmpty()) {
            throw new ProfileException("profile '" + name + "' has no task classes");
        }
        Map<String, TaskClassCurve> copy = new LinkedHashMap<>();
        for (Map.Entry<String, TaskClassCurve> e : classes.entrySet()) {
            if (e.getValue() == null || !e.getValue().name().equals(e.getKey())) {
                throw new ProfileException(
                        "profile '" + name + "': class key '" + e.getKey() + "' does not match its curve");
            }
            copy.put(e.getKey(), e.getValue());
        }
        classes = java.util.Collections.unmodifiableMap(copy);
        if (defaultClass == null || !classes.containsKey(defaultClass)) {
            throw new ProfileException(
                    "profile '" + name + "': default class '" + defaultClass + "' is not one of " + classes.keySet());
        }
        name = name == null ? "" : name;
        source = source == null ? "" : source;
    }

    /** The shipped profile: the RADIO1D model card's table, plus the assumed dense-reading curve. */
    public static CalibrationProfile defaultProfile() {
        try (InputStream in = CalibrationProfile.class.getResourceAsStream(DEFAULT_PROFILE_RESOURCE)) {
            if (in == null) {
                throw new ProfileException("the default profile resource " + DEFAULT_PROFILE_RESOURCE + " is missing");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new ProfileException("cannot read the default profile", e);
        }
    }

    /**
     * Reads a profile from JSON (format of {@link #DEFAULT_PROFILE_RESOURCE}). The stream is not
     * closed.
     *
     * @throws ProfileException if the JSON is malformed, has unknown fields, or describes an
     *                          invalid profile (the message names the entry)
     */
    public static CalibrationProfile fromJson(InputStream json) {
        return ProfileJson.read(json);
    }

    /**
     * Reads a profile from a JSON file.
     *
     * @throws ProfileException if the file cannot be read or is invalid
     */
    public static CalibrationProfile load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return fromJson(in);
        } catch (IOException | UncheckedIOException e) {
            throw new ProfileException("cannot read profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** This profile with {@code curve} added, or replacing the class of the same name. */
    public CalibrationProfile withClass(TaskClassCurve curve) {
        Map<String, TaskClassCurve> copy = new LinkedHashMap<>(classes);
        copy.put(curve.name(), curve);
        return new CalibrationProfile(
                name, source, referenceImages, referenceTextTokens, serviceTime, copy, defaultClass, ttftModel);
    }

    /** This profile with a fitted TTFT model. */
    public CalibrationProfile withTtftModel(TtftParameters model) {
        return new CalibrationProfile(
                name, source, referenceImages, referenceTextTokens, serviceTime, classes, defaultClass, model);
    }

    /**
     * The TTFT model the controller starts from: the fitted {@link #ttftModel} when the profile has
     * one, otherwise a fit of the service-time curve (unloaded TTFT of the reference request at each
     * k) with {@link #CARD_LATENCY_SHARE} of its constant part taken as pipelined latency and loose
     * uncertainties, so the controller learns the split from traffic.
     */
    public TtftParameters ttftParameters() {
        if (ttftModel != null) {
            return ttftModel;
        }
        int step = serviceTime.prefillChunkTokens() > 0 ? serviceTime.prefillChunkTokens() : 1 << 30;
        double floor = serviceTime.points().getFirst().ttftMs();
        ServicePoint first = serviceTime.points().getFirst();
        ServicePoint last = serviceTime.points().getLast();
        double slope = last.totalTokens() > first.totalTokens()
                ? Math.max(0, (last.ttftMs() - first.ttftMs()) / (last.totalTokens() - first.totalTokens()))
                : 0;
        double constant = Math.max(1, floor - slope * first.totalTokens());
        double latency = CARD_LATENCY_SHARE * constant;
        double perRequest = 0.2 * constant;
        double perImage = (constant - latency - perRequest) / Math.max(1, referenceImages);
        TtftParameters prior = new TtftParameters(
                latency,
                perRequest,
                perImage,
                slope,
                0.02 * constant,
                step,
                List.of(latency, perRequest, perImage * 2, Math.max(slope, 1e-4), 0.2 * constant));
        List<TtftFit.CalibrationPoint> points = new ArrayList<>();
        for (ServicePoint p : serviceTime.points()) {
            int visual = Math.max(0, p.totalTokens() - referenceTextTokens);
            points.add(new TtftFit.CalibrationPoint(
                    referenceImages,
                    visual / Math.max(1, referenceImages),
                    referenceTextTokens + visual % Math.max(1, referenceImages),
                    1,
                    p.ttftMs(),
                    1));
        }
        TtftParameters fitted = new TtftFit(step, prior).fit(points).parameters();
        // Keep the split loose: the card's points say nothing about it.
        double[] v = fitted.toArray();
        double[] sd =
                fitted.stddevMs().stream().mapToDouble(Double::doubleValue).toArray();
        sd[0] = Math.max(sd[0], v[0]);
        sd[1] = Math.max(sd[1], v[1]);
        sd[2] = Math.max(sd[2], v[2]);
        return TtftParameters.of(v, step, sd);
    }

    /**
     * The curve of {@code taskClass}, or of the default class when it is null.
     *
     * @throws TokenBudgetException if the class is unknown
     */
    public TaskClassCurve curve(String taskClass) {
        TaskClassCurve curve = classes.get(taskClass == null ? defaultClass : taskClass);
        if (curve == null) {
            throw new TokenBudgetException(
                    "unknown task class '" + taskClass + "'; the profile has " + classes.keySet());
        }
        return curve;
    }

    /** Dominated points of every class, by class name (classes with none are left out). */
    public Map<String, List<AccuracyPoint>> dominatedPoints() {
        Map<String, List<AccuracyPoint>> out = new LinkedHashMap<>();
        classes.forEach((key, curve) -> {
            List<AccuracyPoint> dominated = new ArrayList<>(curve.dominatedPoints());
            if (!dominated.isEmpty()) {
                out.put(key, List.copyOf(dominated));
            }
        });
        return out;
    }
}

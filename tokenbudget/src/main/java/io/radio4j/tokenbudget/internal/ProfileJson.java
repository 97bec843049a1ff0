package io.radio4j.tokenbudget.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radio4j.tokenbudget.AccuracyPoint;
import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.ProfileException;
import io.radio4j.tokenbudget.ServicePoint;
import io.radio4j.tokenbudget.ServiceTimeCurve;
import io.radio4j.tokenbudget.TaskClassCurve;
import io.radio4j.tokenbudget.TtftFit;
import io.radio4j.tokenbudget.TtftParameters;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile's file format. It is written the way profiles are measured: TTFT per k at a
 * reference request (so many images, so many text tokens), converted here to total prompt tokens.
 */
public final class ProfileJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** TTFT at a k, measured on the reference request. */
    public record TtftEntry(int tokens, double ms) {}

    /** Accuracy of one class at a k. */
    public record AccuracyEntry(int tokens, double accuracy) {}

    /** One class. */
    public record ClassEntry(
            String name, Integer floorTokens, Boolean assumed, String note, List<AccuracyEntry> accuracy) {}

    /** One calibration point and the fitted model's error there. */
    public record FitPointEntry(
            int images,
            int tokensPerImage,
            int textTokens,
            int concurrency,
            int requests,
            double measuredMs,
            double predictedMs,
            double errorMs,
            boolean saturated) {}

    /** A fitted TTFT model ({@link TtftParameters}) and its fit error per point. */
    public record TtftModelEntry(
            double latencyMs,
            double perRequestMs,
            double perImageMs,
            double perTokenMs,
            double perStepMs,
            int stepTokens,
            List<Double> stddevMs,
            Double rmsMs,
            String note,
            List<FitPointEntry> fit) {}

    /** The whole file. */
    public record ProfileFile(
            String name,
            String source,
            Integer referenceImages,
            Integer referenceTextTokens,
            Integer prefillChunkTokens,
            Double perChunkMs,
            List<TtftEntry> ttft,
            String defaultClass,
            List<ClassEntry> classes,
            TtftModelEntry ttftModel) {}

    /**
     * Writes {@code profile} with its fitted model and the fit's per-point errors as JSON, in the
     * format {@link #read} accepts.
     */
    public static void write(CalibrationProfile profile, TtftFit.Result fit, String note, java.nio.file.Path file)
            throws IOException {
        List<TtftEntry> ttft = new ArrayList<>();
        for (ServicePoint p : profile.serviceTime().points()) {
            int visual = p.totalTokens() - profile.referenceTextTokens();
            ttft.add(new TtftEntry(Math.max(1, visual / profile.referenceImages()), p.ttftMs()));
        }
        List<ClassEntry> classes = new ArrayList<>();
        for (TaskClassCurve c : profile.classes().values()) {
            classes.add(new ClassEntry(
                    c.name(),
                    c.floorTokens(),
                    c.assumed(),
                    c.note(),
                    c.points().stream()
                            .map(a -> new AccuracyEntry(a.tokens(), a.accuracy()))
                            .toList()));
        }
        TtftModelEntry model = null;
        if (fit != null) {
            TtftParameters m = fit.parameters();
            List<FitPointEntry> points = fit.errors().stream()
                    .map(e -> new FitPointEntry(
                            e.point().images(),
                            e.point().tokensPerImage(),
                            e.point().textTokens(),
                            e.point().concurrency(),
                            e.point().requests(),
                            e.point().ttftMs(),
                            round(e.predictedMs()),
                            round(e.errorMs()),
                            e.saturated()))
                    .toList();
            model = new TtftModelEntry(
                    m.latencyMs(),
                    m.perRequestMs(),
                    m.perImageMs(),
                    m.perTokenMs(),
                    m.perStepMs(),
                    m.stepTokens(),
                    m.stddevMs(),
                    round(fit.rmsMs()),
                    note,
                    points);
        }
        ProfileFile out = new ProfileFile(
                profile.name(),
                profile.source(),
                profile.referenceImages(),
                profile.referenceTextTokens(),
                profile.serviceTime().prefillChunkTokens(),
                profile.serviceTime().perChunkMs(),
                ttft,
                profile.defaultClass(),
                classes,
                model);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private ProfileJson() {}

    public static CalibrationProfile read(InputStream in) {
        ProfileFile file;
        try {
            file = MAPPER.readValue(in, ProfileFile.class);
        } catch (JacksonException e) {
            throw new ProfileException("malformed profile JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProfileException("cannot read profile JSON: " + e.getMessage(), e);
        }
        if (file == null) {
            throw new ProfileException("the profile is empty");
        }
        return toProfile(file);
    }

    static CalibrationProfile toProfile(ProfileFile file) {
        String name = file.name() == null ? "" : file.name();
        if (file.ttft() == null || file.ttft().isEmpty()) {
            throw new ProfileException("profile '" + name + "' has no TTFT points (field 'ttft')");
        }
        if (file.classes() == null || file.classes().isEmpty()) {
            throw new ProfileException("profile '" + name + "' has no task classes (field 'classes')");
        }
        int images = require(file.referenceImages(), "referenceImages", name);
        int text = require(file.referenceTextTokens(), "referenceTextTokens", name);
        if (images < 1 || text < 0) {
            throw new ProfileException(
                    "profile '" + name + "': referenceImages must be ≥ 1 and referenceTextTokens ≥ 0");
        }
        List<ServicePoint> service = new ArrayList<>();
        for (TtftEntry entry : file.ttft()) {
            if (entry == null) {
                throw new ProfileException("profile '" + name + "' has an empty TTFT entry");
            }
            if (entry.tokens() < TaskClassCurve.MIN_TOKENS || entry.tokens() > TaskClassCurve.MAX_TOKENS) {
                throw new ProfileException("profile '" + name + "': TTFT point k=" + entry.tokens()
                        + " is outside 1..256 tokens per image");
            }
            service.add(new ServicePoint(images * entry.tokens() + text, entry.ms()));
        }
        ServiceTimeCurve curve = new ServiceTimeCurve(
                service,
                file.prefillChunkTokens() == null ? 0 : file.prefillChunkTokens(),
                file.perChunkMs() == null ? 0 : file.perChunkMs());
        Map<String, TaskClassCurve> classes = new LinkedHashMap<>();
        for (ClassEntry entry : file.classes()) {
            if (entry == null || entry.accuracy() == null || entry.accuracy().isEmpty()) {
                throw new ProfileException("profile '" + name + "': class '" + (entry == null ? null : entry.name())
                        + "' has no accuracy points");
            }
            List<AccuracyPoint> points = entry.accuracy().stream()
                    .map(a -> new AccuracyPoint(a.tokens(), a.accuracy()))
                    .toList();
            TaskClassCurve c = new TaskClassCurve(
                    entry.name(),
                    points,
                    entry.floorTokens() == null ? TaskClassCurve.MIN_TOKENS : entry.floorTokens(),
                    Boolean.TRUE.equals(entry.assumed()),
                    entry.note());
            if (classes.put(c.name(), c) != null) {
                throw new ProfileException("profile '" + name + "': class '" + c.name() + "' appears twice");
            }
        }
        String defaultClass =
                file.defaultClass() == null ? classes.keySet().iterator().next() : file.defaultClass();
        TtftParameters model = null;
        if (file.ttftModel() != null) {
            TtftModelEntry m = file.ttftModel();
            model = new TtftParameters(
                    m.latencyMs(),
                    m.perRequestMs(),
                    m.perImageMs(),
                    m.perTokenMs(),
                    m.perStepMs(),
                    m.stepTokens(),
                    m.stddevMs());
        }
        return new CalibrationProfile(name, file.source(), images, text, curve, classes, defaultClass, model);
    }

    private static int require(Integer value, String field, String name) {
        if (value == null) {
            throw new ProfileException("profile '" + name + "' lacks field '" + field + "'");
        }
        return value;
    }
}

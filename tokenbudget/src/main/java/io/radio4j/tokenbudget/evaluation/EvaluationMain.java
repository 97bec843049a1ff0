package io.radio4j.tokenbudget.evaluation;

import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.vllmsim.GpuConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Regenerates the evaluation in {@code tokenbudget/results/}: every policy (static k in
 * {1, 2, 4, …, 256}, the controller with and without shedding, and a per-phase hindsight oracle) on
 * every simulated server (the nominal one, ±30% against the profile, a GPU 1.7× faster, and one that
 * slows down 1.3× mid-run) under two traces (a load sweep 10–150% of capacity; a diurnal ramp
 * 20→140% with 3× spikes), with a mix of 1-, 2-, 8- and 32-image requests of two task classes. The
 * controller is given only the RADIO1D card's default profile. Writes {@code runs.csv},
 * {@code summary.md} and PNG plots. Deterministic (fixed seeds).
 *
 * <p>Usage: {@code EvaluationMain <outputDir>}.
 */
public final class EvaluationMain {

    static final double TARGET_MS = 500;
    static final int[] STATIC_K = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    static final long SEED = 42;

    private EvaluationMain() {}

    /** A simulated server variant. */
    record Server(String name, GpuConfig gpu, DoubleUnaryOperator slowdown) {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "tokenbudget/results");
        Files.createDirectories(out);
        CalibrationProfile profile = CalibrationProfile.defaultProfile();
        GpuConfig nominal = GpuConfig.h100Like();
        double capacity = Evaluation.capacityPerSecond(nominal, SEED);
        List<Evaluation.Trace> traces = List.of(sweep(capacity), diurnal(capacity));
        List<Server> servers = new ArrayList<>();
        servers.add(new Server("nominal", nominal, x -> 1.0));
        servers.add(new Server("slower-30pct", nominal.faster(1 / 1.3), x -> 1.0));
        servers.add(new Server("faster-30pct", nominal.faster(1.3), x -> 1.0));
        servers.add(new Server("gpu-1.7x", nominal.faster(1.7), x -> 1.0));
        List<Evaluation.Run> runs = new ArrayList<>();
        for (Evaluation.Trace trace : traces) {
            double mid = trace.endS() / 2 * 1000;
            List<Server> all = new ArrayList<>(servers);
            all.add(new Server("slowdown-1.3x-mid-run", nominal, x -> x >= mid ? 1.3 : 1.0));
            for (Server server : all) {
                for (int k : STATIC_K) {
                    runs.add(Evaluation.run(
                            server.name(),
                            server.gpu(),
                            server.slowdown(),
                            trace,
                            Evaluation.staticK(k, profile),
                            profile,
                            TARGET_MS,
                            SEED));
                }
                runs.add(Evaluation.run(
                        server.name(),
                        server.gpu(),
                        server.slowdown(),
                        trace,
                        Evaluation.controller(profile, TARGET_MS, false),
                        profile,
                        TARGET_MS,
                        SEED));
                runs.add(Evaluation.run(
                        server.name(),
                        server.gpu(),
                        server.slowdown(),
                        trace,
                        Evaluation.controller(profile, TARGET_MS, true),
                        profile,
                        TARGET_MS,
                        SEED));
            }
        }
        Report.write(out, runs, capacity, TARGET_MS);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** 30 s at each of 10%, 30%, …, 150% of capacity. */
    static Evaluation.Trace sweep(double capacity) {
        List<Evaluation.Phase> phases = new ArrayList<>();
        double t = 0;
        for (int pct = 10; pct <= 150; pct += 20) {
            double rate = capacity * pct / 100.0;
            phases.add(new Evaluation.Phase(pct + "%", t, t + 30, x -> rate));
            t += 30;
        }
        return new Evaluation.Trace("sweep", phases);
    }

    /**
     * A day compressed to 240 s: load from 20% up to 140% of capacity and back (a raised cosine),
     * with 5-second spikes of 3× every 60 s; phases are the quarters plus the spikes.
     */
    static Evaluation.Trace diurnal(double capacity) {
        DoubleUnaryOperator base = x -> capacity * (0.2 + 1.2 * 0.5 * (1 - Math.cos(2 * Math.PI * x / 240)));
        List<Evaluation.Phase> phases = new ArrayList<>();
        String[] names = {"ramp-up", "peak", "peak", "ramp-down"};
        // Quarters, each ending in a 5-s spike of 3×, then 30 s at 20%.
        for (int q = 0; q < 4; q++) {
            double start = q * 60;
            phases.add(new Evaluation.Phase(names[q] + "-" + q, start, start + 55, base));
            phases.add(new Evaluation.Phase("spike-" + q, start + 55, start + 60, x -> 3 * base.applyAsDouble(x)));
        }
        phases.add(new Evaluation.Phase("after", 240, 270, x -> capacity * 0.2));
        return new Evaluation.Trace("diurnal", phases);
    }

    /** Groups runs by (server, trace). */
    static Map<String, List<Evaluation.Run>> byScenario(List<Evaluation.Run> runs) {
        Map<String, List<Evaluation.Run>> m = new LinkedHashMap<>();
        for (Evaluation.Run r : runs) {
            m.computeIfAbsent(r.server() + " / " + r.trace(), k -> new ArrayList<>())
                    .add(r);
        }
        return m;
    }

    static String f(double v, int digits) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}

package io.radio4j.tokenbudget.evaluation;

import static io.radio4j.tokenbudget.evaluation.EvaluationMain.f;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the evaluation's CSV, Markdown summary (with the targets checked) and PNG plots. */
final class Report {

    /** A phase "meets the SLO" when at least this share of its arrivals got their first token in time. */
    static final double ATTAINMENT = 0.9;

    private Report() {}

    static void write(Path out, List<Evaluation.Run> runs, double capacity, double targetMs) throws IOException {
        StringBuilder csv = new StringBuilder(
                "server,trace,policy,phase,arrivals,shed,met,attainment,p90_served_ms,accuracy_served,accuracy_at_attainment,mean_k\n");
        for (Evaluation.Run r : runs) {
            for (Evaluation.PhaseResult p : r.phases()) {
                csv.append(String.join(
                                ",",
                                r.server(),
                                r.trace(),
                                r.policy(),
                                p.phase(),
                                "" + p.arrivals(),
                                "" + p.shed(),
                                "" + p.met(),
                                f(p.attainment(), 4),
                                f(p.p90ServedMs(), 1),
                                f(p.meanAccuracyServed(), 3),
                                f(p.accuracyAtAttainment(), 3),
                                f(p.meanTokensPerImage(), 1)))
                        .append('\n');
            }
        }
        Files.writeString(out.resolve("runs.csv"), csv);
        StringBuilder md = new StringBuilder();
        md.append("Capacity of the nominal server at static k = 256 with the request mix: ")
                .append(f(capacity, 1))
                .append(" req/s. Target: p90 TTFT ≤ ")
                .append(f(targetMs, 0))
                .append(
                        " ms; a phase meets it when ≥ 90% of its arrivals (shed ones count as missed) are on time.\n\n");
        md.append(
                "| server / trace | phases where a static k meets the SLO: controller meets it too, and is as accurate (met / of) "
                        + "| controller accuracy-at-attainment / oracle's, whole trace | phases where no static k meets it: controller "
                        + "attainment ≥ best static (met / of) | same, controller+shed served p90 ≤ target (met / of) |\n|---|---|---|---|---|\n");
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<String, List<Evaluation.Run>> e :
                EvaluationMain.byScenario(runs).entrySet()) {
            List<Evaluation.Run> rs = e.getValue();
            Evaluation.Run ctl = find(rs, "controller");
            Evaluation.Run shed = find(rs, "controller+shed");
            int feasible = 0;
            int feasibleMet = 0;
            int infeasible = 0;
            int infeasibleMet = 0;
            int shedMet = 0;
            double oracle = 0;
            double ctlAaa = 0;
            detail.append("\n#### ")
                    .append(e.getKey())
                    .append(
                            "\n\n| phase | best static meeting the SLO (accuracy) | controller: attainment, accuracy, mean k, p90 ms "
                                    + "| controller+shed: attainment, shed, served p90 ms | oracle acc.-at-attainment |\n|---|---|---|---|---|\n");
            for (int i = 0; i < ctl.phases().size(); i++) {
                Evaluation.PhaseResult c = ctl.phases().get(i);
                Evaluation.PhaseResult s = shed.phases().get(i);
                Evaluation.PhaseResult bestMeeting = null;
                Evaluation.PhaseResult bestAttaining = null;
                String bestName = "none";
                double oraclePhase = 0;
                for (Evaluation.Run r : rs) {
                    if (!r.policy().startsWith("static")) {
                        continue;
                    }
                    Evaluation.PhaseResult p = r.phases().get(i);
                    oraclePhase = Math.max(oraclePhase, p.accuracyAtAttainment());
                    if (p.attainment() >= ATTAINMENT
                            && (bestMeeting == null || p.meanAccuracyServed() > bestMeeting.meanAccuracyServed())) {
                        bestMeeting = p;
                        bestName = r.policy();
                    }
                    if (bestAttaining == null || p.attainment() > bestAttaining.attainment()) {
                        bestAttaining = p;
                    }
                }
                oraclePhase = Math.max(oraclePhase, Math.max(c.accuracyAtAttainment(), s.accuracyAtAttainment()));
                oracle += oraclePhase * c.arrivals();
                ctlAaa += c.accuracyAtAttainment() * c.arrivals();
                if (c.arrivals() == 0) {
                    continue;
                }
                if (bestMeeting != null) {
                    feasible++;
                    if (c.attainment() >= ATTAINMENT
                            && c.meanAccuracyServed() >= bestMeeting.meanAccuracyServed() - 1e-9) {
                        feasibleMet++;
                    }
                } else {
                    infeasible++;
                    if (c.attainment() >= bestAttaining.attainment() - 1e-9) {
                        infeasibleMet++;
                    }
                    if (!(s.p90ServedMs() > targetMs)) {
                        shedMet++;
                    }
                }
                detail.append("| ")
                        .append(c.phase())
                        .append(" | ")
                        .append(
                                bestMeeting == null
                                        ? "none (best attainment " + f(bestAttaining.attainment(), 3) + ")"
                                        : bestName + " (" + f(bestMeeting.meanAccuracyServed(), 2) + ")")
                        .append(" | ")
                        .append(f(c.attainment(), 3))
                        .append(", ")
                        .append(f(c.meanAccuracyServed(), 2))
                        .append(", ")
                        .append(f(c.meanTokensPerImage(), 0))
                        .append(", ")
                        .append(f(c.p90ServedMs(), 0))
                        .append(" | ")
                        .append(f(s.attainment(), 3))
                        .append(", ")
                        .append(s.shed())
                        .append(", ")
                        .append(f(s.p90ServedMs(), 0))
                        .append(" | ")
                        .append(f(oraclePhase, 2))
                        .append(" |\n");
            }
            md.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(feasibleMet)
                    .append(" / ")
                    .append(feasible)
                    .append(" | ")
                    .append(f(oracle == 0 ? Double.NaN : ctlAaa / oracle, 3))
                    .append(" | ")
                    .append(infeasibleMet)
                    .append(" / ")
                    .append(infeasible)
                    .append(" | ")
                    .append(shedMet)
                    .append(" / ")
                    .append(infeasible)
                    .append(" |\n");
        }
        md.append(
                "\nThe oracle is, per phase, the best accuracy-at-attainment of any policy run (static k chosen in hindsight for "
                        + "that phase, or the controller): an upper reference that knows each phase's load in advance, not a per-request "
                        + "clairvoyant schedule.\n");
        md.append(detail);
        Files.writeString(out.resolve("summary.md"), md);
        plots(out, runs, targetMs);
    }

    private static Evaluation.Run find(List<Evaluation.Run> rs, String policy) {
        return rs.stream().filter(r -> r.policy().equals(policy)).findFirst().orElseThrow();
    }

    private static void plots(Path out, List<Evaluation.Run> runs, double targetMs) throws IOException {
        List<String> shown =
                List.of("static-16", "static-64", "static-128", "static-256", "controller", "controller+shed");
        for (String scenario : List.of("nominal / sweep", "slower-30pct / sweep", "gpu-1.7x / sweep")) {
            List<Evaluation.Run> rs = EvaluationMain.byScenario(runs).get(scenario);
            XYChart chart = new XYChartBuilder()
                    .width(800)
                    .height(450)
                    .title("Attainment per load phase: " + scenario)
                    .xAxisTitle("load, % of capacity at k = 256")
                    .yAxisTitle("share of arrivals with TTFT ≤ target")
                    .build();
            for (Evaluation.Run r : rs) {
                if (!shown.contains(r.policy())) {
                    continue;
                }
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (Evaluation.PhaseResult p : r.phases()) {
                    x.add(Double.parseDouble(p.phase().replace("%", "")));
                    y.add(p.attainment());
                }
                chart.addSeries(r.policy(), x, y).setMarker(SeriesMarkers.CIRCLE);
            }
            BitmapEncoder.saveBitmap(
                    chart,
                    out.resolve("attainment_" + scenario.replace(" / ", "_")).toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
        for (String scenario :
                List.of("nominal / diurnal", "slowdown-1.3x-mid-run / diurnal", "slowdown-1.3x-mid-run / sweep")) {
            List<Evaluation.Run> rs = EvaluationMain.byScenario(runs).get(scenario);
            XYChart k = new XYChartBuilder()
                    .width(800)
                    .height(400)
                    .title("Mean k per image over time: " + scenario)
                    .xAxisTitle("time, s")
                    .yAxisTitle("tokens per image (admitted)")
                    .build();
            XYChart p90 = new XYChartBuilder()
                    .width(800)
                    .height(400)
                    .title("p90 TTFT per 5 s over time: " + scenario)
                    .xAxisTitle("time, s")
                    .yAxisTitle("p90 TTFT, ms")
                    .build();
            for (Evaluation.Run r : rs) {
                if (!List.of("static-64", "static-256", "controller", "controller+shed")
                        .contains(r.policy())) {
                    continue;
                }
                List<Double> t = new ArrayList<>();
                List<Double> kv = new ArrayList<>();
                List<Double> pv = new ArrayList<>();
                for (Evaluation.TimePoint tp : r.timeline()) {
                    t.add(tp.timeS());
                    kv.add(Double.isNaN(tp.meanK()) ? 0 : tp.meanK());
                    pv.add(Double.isNaN(tp.p90Ms()) ? 0 : Math.min(tp.p90Ms(), 5 * targetMs));
                }
                if (!r.policy().startsWith("static")) {
                    k.addSeries(r.policy(), t, kv).setMarker(SeriesMarkers.NONE);
                }
                p90.addSeries(r.policy(), t, pv).setMarker(SeriesMarkers.NONE);
            }
            String name = scenario.replace(" / ", "_");
            BitmapEncoder.saveBitmap(k, out.resolve("k_over_time_" + name).toString(), BitmapEncoder.BitmapFormat.PNG);
            BitmapEncoder.saveBitmap(
                    p90, out.resolve("p90_over_time_" + name).toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}

package io.chatplatform.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts runs of the same scenario against two targets side by side: per metric the value of every round, the median,
 * and the ratio server / baseline (of the medians and of the latest rounds), then the targets.
 */
public final class Comparison {

    private static final List<String> ORDER = List.of("fanout", "rooms", "store", "connections", "connect",
            "reconnect");

    private final List<RunResult> results;
    private final String baselineLabel;
    private final String serverLabel;

    public Comparison(List<RunResult> results, String baselineLabel, String serverLabel) {
        this.results = results.stream().sorted(Comparator.comparing(RunResult::startedAt)).toList();
        this.baselineLabel = baselineLabel;
        this.serverLabel = serverLabel;
    }

    public List<String> scenarios() {
        return results.stream().map(RunResult::scenario).distinct()
                .sorted(Comparator.comparingInt(s -> ORDER.contains(s) ? ORDER.indexOf(s) : ORDER.size())).toList();
    }

    /** Runs of one scenario and label, oldest first. */
    public List<RunResult> runs(String scenario, String label) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.label().equals(label)).toList();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        for (String scenario : scenarios()) {
            List<RunResult> base = runs(scenario, baselineLabel);
            List<RunResult> server = runs(scenario, serverLabel);
            md.append("### ").append(scenario).append(" (").append(server.size()).append(" ").append(serverLabel)
                    .append(" / ").append(base.size()).append(" ").append(baselineLabel).append(" rounds)\n\n");
            md.append("| metric | ").append(baselineLabel).append(" (rounds) | ").append(serverLabel)
                    .append(" (rounds) | ratio of medians | ratio, latest round |\n|---|---|---|---|---|\n");
            for (Metric metric : Metric.forScenario(scenario)) {
                double[] b = values(base, metric);
                double[] s = values(server, metric);
                md.append("| ").append(metric.name()).append(" | ").append(cell(b)).append(" | ").append(cell(s))
                        .append(" | ").append(ratio(median(s), median(b))).append(" | ")
                        .append(ratio(last(s), last(b))).append(" |\n");
            }
            md.append('\n');
            if (!server.isEmpty()) {
                md.append("Targets (latest ").append(serverLabel).append(" round):\n\n");
                RunResult latestBase = base.isEmpty() ? null : base.get(base.size() - 1);
                for (String line : Targets.check(scenario, server.get(server.size() - 1), latestBase)) {
                    md.append("    ").append(line).append('\n');
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** One chart per scenario with the end-to-end (or PONG) curve of every run. */
    public List<HtmlChart.Chart> charts() {
        List<HtmlChart.Chart> charts = new ArrayList<>();
        for (String scenario : scenarios()) {
            String key = switch (scenario) {
                case "connections" -> "pong";
                case "connect" -> "connect";
                case "reconnect" -> "catchUp";
                default -> "endToEnd";
            };
            Map<String, Integer> round = new LinkedHashMap<>();
            List<HtmlChart.Series> series = new ArrayList<>();
            for (RunResult r : results.stream().filter(r -> r.scenario().equals(scenario))
                    .collect(Collectors.toList())) {
                int n = round.merge(r.label(), 1, Integer::sum);
                RunResult.Latency latency = r.latency().get(key);
                if (latency != null && latency.count() > 0) {
                    series.add(new HtmlChart.Series(r.label() + " round " + n, latency));
                }
            }
            charts.add(new HtmlChart.Chart(scenario + ": " + switch (key) {
                case "pong" -> "PING to PONG";
                case "connect" -> "connect to READY";
                case "catchUp" -> "drop to caught up";
                default -> "end to end";
            } + " latency", series));
        }
        return charts;
    }

    private static double[] values(List<RunResult> runs, Metric metric) {
        return runs.stream().mapToDouble(metric::of).toArray();
    }

    static double median(double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (present.length == 0) {
            return Double.NaN;
        }
        int mid = present.length / 2;
        return present.length % 2 == 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
    }

    private static double last(double[] values) {
        return values.length == 0 ? Double.NaN : values[values.length - 1];
    }

    private static String cell(double[] values) {
        if (values.length == 0) {
            return "-";
        }
        String rounds = Arrays.stream(values).mapToObj(Comparison::fmt).collect(Collectors.joining(", "));
        return values.length == 1 ? rounds : "**" + fmt(median(values)) + "** (" + rounds + ")";
    }

    private static String ratio(double server, double base) {
        if (Double.isNaN(server) || Double.isNaN(base) || base == 0) {
            return "-";
        }
        return String.format("%.2f", server / base);
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) >= 100) {
            return String.format("%,.0f", value);
        }
        return Math.abs(value) >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }
}

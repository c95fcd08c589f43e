package io.chatplatform.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts runs of the same scenario against several targets side by side: per metric the value of every round and the
 * median for the server, each baseline and any other label present (such as a cross-check client's runs), and the
 * ratio server / the better baseline for that metric (of the medians and of the latest rounds), then the targets.
 * Labels ending in {@link #CROSS_CHECK_SUFFIX} are runs of the independent Node client ({@code bench/node-client})
 * against the target named before the suffix; their headline numbers are set against chat-bench's own.
 */
public final class Comparison {

    /** {@code server+nodeclient}: the Node cross-check client's runs against the target labelled {@code server}. */
    public static final String CROSS_CHECK_SUFFIX = "+nodeclient";

    /** The server's store, which sets the latency target of {@code rooms}. */
    public enum Store { H2, POSTGRESQL }

    private static final List<String> ORDER = List.of("fanout", "rooms", "store", "connect", "connections",
            "reconnect");
    /** The numbers the cross-check sets side by side: the headline rates, latencies and memory. */
    private static final List<String> CROSS_CHECKED = List.of("deliveries/s", "end-to-end p50 (ms)",
            "end-to-end p99 (ms)", "server CPU ms / 1k deliveries", "connect rate /s", "connect p99 (ms)",
            "RSS per connection (bytes)", "PONG p99 (ms)", "all caught up after server back (s)",
            "all READY after drop (s)");

    private final List<RunResult> results;
    private final String serverLabel;
    private final List<String> baselineLabels;
    private final Store store;

    /** One baseline, the server on embedded H2: how reports compared before there were two baselines. */
    public Comparison(List<RunResult> results, String baselineLabel, String serverLabel) {
        this(results, serverLabel, List.of(baselineLabel), Store.H2);
    }

    /**
     * @param baselineLabels the baselines in order; the first is the reference for the targets that name the Node
     *                       baseline (CPU per delivery, connects/s, RSS per connection)
     */
    public Comparison(List<RunResult> results, String serverLabel, List<String> baselineLabels, Store store) {
        if (baselineLabels.isEmpty()) {
            throw new IllegalArgumentException("name at least one baseline label");
        }
        this.results = results.stream().sorted(Comparator.comparing(RunResult::startedAt)).toList();
        this.serverLabel = serverLabel;
        this.baselineLabels = List.copyOf(baselineLabels);
        this.store = store;
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
            List<String> others = otherLabels(scenario);
            List<RunResult> server = runs(scenario, serverLabel);
            md.append("### ").append(scenario).append(" (").append(server.size()).append(" ").append(serverLabel);
            for (String label : baselineLabels) {
                md.append(" / ").append(runs(scenario, label).size()).append(" ").append(label);
            }
            for (String label : others) {
                md.append(" / ").append(runs(scenario, label).size()).append(" ").append(label);
            }
            md.append(" rounds)\n\n| metric | ");
            baselineLabels.forEach(label -> md.append(label).append(" (rounds) | "));
            md.append(serverLabel).append(" (rounds) | ");
            others.forEach(label -> md.append(label).append(" (rounds) | "));
            md.append("ratio of medians | ratio, latest round |\n|---|");
            md.append("---|".repeat(baselineLabels.size() + 1 + others.size())).append("---|---|\n");
            for (Metric metric : Metric.forScenario(scenario)) {
                md.append(row(scenario, metric, others));
            }
            md.append('\n');
            md.append(crossCheck(scenario));
            if (!server.isEmpty()) {
                md.append("Targets (latest ").append(serverLabel).append(" round):\n\n");
                Map<String, RunResult> latestBaselines = new LinkedHashMap<>();
                for (String label : baselineLabels) {
                    List<RunResult> base = runs(scenario, label);
                    if (!base.isEmpty()) {
                        latestBaselines.put(label, base.get(base.size() - 1));
                    }
                }
                for (String line : Targets.check(scenario, server.get(server.size() - 1), latestBaselines,
                        baselineLabels.get(0), store)) {
                    md.append("    ").append(line).append('\n');
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** One table row; the ratio is taken against whichever baseline's median is better for this metric. */
    private String row(String scenario, Metric metric, List<String> others) {
        StringBuilder row = new StringBuilder("| ").append(metric.name()).append(" | ");
        String better = null;
        double betterMedian = Double.NaN;
        for (String label : baselineLabels) {
            double[] values = values(runs(scenario, label), metric);
            row.append(cell(values)).append(" | ");
            if (better == null || metric.better(median(values), betterMedian)) {
                better = label;
                betterMedian = median(values);
            }
        }
        double[] server = values(runs(scenario, serverLabel), metric);
        row.append(cell(server)).append(" | ");
        for (String label : others) {
            row.append(cell(values(runs(scenario, label), metric))).append(" | ");
        }
        String against = baselineLabels.size() > 1 && !Double.isNaN(betterMedian) ? " vs " + better : "";
        String medians = ratio(median(server), betterMedian);
        String latest = ratio(last(server), last(values(runs(scenario, better), metric)));
        return row.append(medians).append(medians.equals("-") ? "" : against).append(" | ").append(latest)
                .append(latest.equals("-") ? "" : against).append(" |\n").toString();
    }

    /** Labels with runs of this scenario that are neither the server nor a baseline, in order of first run. */
    private List<String> otherLabels(String scenario) {
        return results.stream().filter(r -> r.scenario().equals(scenario)).map(RunResult::label).distinct()
                .filter(label -> !label.equals(serverLabel) && !baselineLabels.contains(label)).toList();
    }

    /** The cross-check client against chat-bench, per target both measured: ratios of the medians. */
    private String crossCheck(String scenario) {
        List<Metric> headline = Metric.forScenario(scenario).stream()
                .filter(m -> CROSS_CHECKED.contains(m.name())).toList();
        StringBuilder md = new StringBuilder();
        List<String> targets = new ArrayList<>(baselineLabels);
        targets.add(0, serverLabel);
        for (String target : targets) {
            List<RunResult> byNode = runs(scenario, target + CROSS_CHECK_SUFFIX);
            List<RunResult> byBench = runs(scenario, target);
            if (byNode.isEmpty() || byBench.isEmpty()) {
                continue;
            }
            md.append(md.isEmpty() ? "Cross-check, Node client / chat-bench (medians; 1.00 = the same):\n\n" : "");
            md.append("    ").append(target).append(":");
            for (Metric metric : headline) {
                md.append(" ").append(metric.name()).append(" ")
                        .append(ratio(median(values(byNode, metric)), median(values(byBench, metric)))).append(";");
            }
            md.setLength(md.length() - 1);
            md.append('\n');
        }
        return md.isEmpty() ? "" : md.append('\n').toString();
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

package io.chatplatform.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Latency-by-percentile charts (the HdrHistogram way: the x axis stretches the tail, so p99.9 is as visible as the
 * median) as one self-contained HTML page with inline SVG: no scripts, no external files.
 */
public final class HtmlChart {

    /** One curve: [percentile, ms] points. */
    public record Series(String label, RunResult.Latency latency) {
    }

    /** One chart of several curves. */
    public record Chart(String title, List<Series> series) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;
    private static final double MAX_NINES = 6;

    private HtmlChart() {
    }

    public static void write(Path file, String title, List<Chart> charts) throws IOException {
        StringBuilder html = new StringBuilder()
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}"
                        + "table{border-collapse:collapse;margin:8px 0 32px}td,th{border:1px solid #ccc;"
                        + "padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}"
                        + "</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n");
        for (Chart chart : charts) {
            html.append("<h2>").append(escape(chart.title())).append("</h2>\n").append(svg(chart)).append('\n')
                    .append(table(chart));
        }
        html.append("<p>x: percentile on a scale of 1/(1-p), so each step right is ten times rarer; "
                + "y: latency in ms, logarithmic.</p></body></html>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    static String svg(Chart chart) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Series s : chart.series()) {
            for (double[] point : s.latency().curve()) {
                if (point[1] > 0) {
                    lo = Math.min(lo, point[1]);
                }
                hi = Math.max(hi, point[1]);
            }
        }
        if (hi <= 0) {
            return "<p>no samples</p>";
        }
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(lo, 0.001))));
        double yMax = Math.pow(10, Math.ceil(Math.log10(hi)));
        StringBuilder svg = new StringBuilder().append(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">", WIDTH,
                HEIGHT));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                LEFT, TOP, plotW, plotH));
        String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
        for (int nines = 0; nines <= MAX_NINES; nines++) {
            double x = LEFT + plotW * nines / MAX_NINES;
            svg.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, TOP, x,
                    TOP + plotH));
            svg.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
                    TOP + plotH + 16, xLabels[nines]));
        }
        for (double decade = yMin; decade <= yMax * 1.0001; decade *= 10) {
            double y = y(decade, yMin, yMax, plotH);
            svg.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, y,
                    LEFT + plotW, y));
            svg.append(String.format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>", LEFT - 6, y + 4,
                    SummaryTable.num(decade)));
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>",
                LEFT + plotW / 2, HEIGHT - 8));
        int colour = 0;
        for (Series s : chart.series()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double[] point : s.latency().curve()) {
                double nines = point[0] >= 100 ? MAX_NINES : Math.min(MAX_NINES, Math.log10(100 / (100 - point[0])));
                points.append(String.format("%.1f,%.1f ", LEFT + plotW * nines / MAX_NINES,
                        y(Math.max(point[1], yMin), yMin, yMax, plotH)));
            }
            svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                    stroke, points.toString().trim()));
            int legendY = TOP + 14 + 14 * (colour - 1);
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>", LEFT + 10,
                    legendY - 4, stroke));
            svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>", LEFT + 28, legendY, escape(s.label())));
        }
        return svg.append("</svg>").toString();
    }

    private static double y(double ms, double yMin, double yMax, int plotH) {
        double span = Math.log10(yMax) - Math.log10(yMin);
        return TOP + plotH - plotH * (Math.log10(ms) - Math.log10(yMin)) / span;
    }

    private static String table(Chart chart) {
        StringBuilder table = new StringBuilder("<table><tr><th>series</th><th>samples</th><th>p50 ms</th>"
                + "<th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>\n");
        for (Series s : chart.series()) {
            RunResult.Latency l = s.latency();
            table.append(String.format("<tr><td>%s</td><td>%,d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                    + "<td>%s</td></tr>%n", escape(s.label()), l.count(), SummaryTable.num(l.p50Ms()),
                    SummaryTable.num(l.p90Ms()), SummaryTable.num(l.p99Ms()), SummaryTable.num(l.p999Ms()),
                    SummaryTable.num(l.maxMs())));
        }
        return table.append("</table>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

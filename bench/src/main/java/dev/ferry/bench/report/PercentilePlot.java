package dev.ferry.bench.report;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Draws latency percentile curves as a self-contained SVG, the way HdrHistogram's plotter does: the x axis stretches
 * the tail (90 %, 99 %, 99.9 %, 99.99 % equally far apart), the y axis is logarithmic milliseconds, one line per
 * target, so a scenario and its baseline read side by side. A curve stops at the percentile its sample count can
 * still tell apart from the maximum.
 */
public final class PercentilePlot {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 380;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 36;
    private static final int BOTTOM = 48;
    private static final double MAX_NINES = 4;
    private static final double STEP = 0.02;
    private static final double FLOOR_MS = 0.01;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        "#17becf", "#7f7f7f"};

    private PercentilePlot() {
    }

    public static String svg(String title, List<LatencyCurve> curves) {
        double lowMs = curves.stream().mapToDouble(c -> ms(c.micros(), 0)).min().orElse(1);
        double highMs = curves.stream().mapToDouble(c -> c.micros().getMaxValue() / 1000.0).max().orElse(10);
        double yLow = Math.floor(Math.log10(Math.max(FLOOR_MS, lowMs)));
        double yHigh = Math.max(yLow + 1, Math.ceil(Math.log10(Math.max(FLOOR_MS, highMs))));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", LEFT,
                escape(title)));
        axes(svg, yLow, yHigh);
        for (int i = 0; i < curves.size(); i++) {
            curve(svg, curves.get(i), COLOURS[i % COLOURS.length], yLow, yHigh);
            legend(svg, curves.get(i), COLOURS[i % COLOURS.length], i);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void axes(StringBuilder svg, double yLow, double yHigh) {
        int plotBottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" stroke=\"black\" fill=\"none\"/>%n", LEFT,
                TOP, plotBottom, WIDTH - RIGHT));
        String[] percentiles = {"0 %", "90 %", "99 %", "99.9 %", "99.99 %"};
        for (int nines = 0; nines <= MAX_NINES; nines++) {
            double x = x(nines);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP, x, plotBottom, x,
                    plotBottom + 16, percentiles[nines]));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 10));
        for (double decade = yLow; decade <= yHigh; decade++) {
            double y = y(decade, yLow, yHigh);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, WIDTH - RIGHT, y,
                    LEFT - 6, y + 4, label(Math.pow(10, decade))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">latency, ms (log)</text>%n", (TOP + HEIGHT - BOTTOM) / 2,
                (TOP + HEIGHT - BOTTOM) / 2));
    }

    private static void curve(StringBuilder svg, LatencyCurve curve, String colour, double yLow, double yHigh) {
        double lastNines = Math.min(MAX_NINES, Math.log10(Math.max(1, curve.micros().getTotalCount())));
        StringBuilder points = new StringBuilder();
        for (double nines = 0; nines <= lastNines + 1e-9; nines += STEP) {
            double percentile = 100 * (1 - Math.pow(10, -nines));
            double valueMs = Math.max(Math.pow(10, yLow), ms(curve.micros(), percentile));
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(nines),
                    y(Math.log10(valueMs), yLow, yHigh)));
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                + "points=\"%s\"><title>%s</title></polyline>%n", colour, points.toString().trim(),
                escape(curve.label())));
    }

    private static void legend(StringBuilder svg, LatencyCurve curve, String colour, int index) {
        int y = TOP + 8 + index * 16;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s (p50 %s ms, p99 %s ms)</text>%n", LEFT + 12, y - 4,
                LEFT + 32, y - 4, colour, LEFT + 38, y, escape(curve.label()),
                MarkdownReport.ms(ms(curve.micros(), 50)), MarkdownReport.ms(ms(curve.micros(), 99))));
    }

    private static double ms(Histogram micros, double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double x(double nines) {
        return LEFT + (WIDTH - LEFT - RIGHT) * nines / MAX_NINES;
    }

    private static double y(double log10Ms, double yLow, double yHigh) {
        double plotHeight = HEIGHT - TOP - BOTTOM;
        return HEIGHT - BOTTOM - plotHeight * (log10Ms - yLow) / (yHigh - yLow);
    }

    private static String label(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%s", ms);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

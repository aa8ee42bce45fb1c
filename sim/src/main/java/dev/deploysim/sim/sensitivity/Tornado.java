package dev.deploysim.sim.sensitivity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.report.CompareReport;
import dev.deploysim.sim.report.CompareRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a one-at-a-time sensitivity analysis: the metric at the scenario's own platform
 * (the baseline) and, for each parameter, at each of its points, every point run over the same
 * seeds. A parameter's effect is the spread of the metric over its points (max − min); the
 * tornado lists parameters by effect, largest first.
 *
 * @param setup what was run
 * @param baseline the row at the scenario's own values
 * @param series one per varied parameter, in the order given
 * @param fixed parameters not varied because every profile has the same value
 */
public record Tornado(Setup setup, CompareRow baseline, List<Series> series, List<String> fixed) {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * @param source the scenario's source
     * @param platform the base platform, as {@code PlatformConfig.describe()} gives it
     * @param points the points asked for per parameter (a switch has two, a count no more than it has values)
     */
    public record Setup(String source, String platform, String strategy, int machines, int seeds, long firstSeed, int points,
                        Metric metric) {
        public Setup {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(metric, "metric");
        }

        /** {@code canary-serving at 1 machine, seeds 1..100, platform fly}. */
        public String line() {
            return strategy + " at " + machines + (machines == 1 ? " machine" : " machines") + ", " + seeds
                    + (seeds == 1 ? " seed" : " seeds") + " (" + firstSeed + ".." + (firstSeed + seeds - 1) + ") per point, platform "
                    + platform + ", on " + source;
        }
    }

    /** One point: the parameter's value and the row its runs gave. */
    public record Point(double value, CompareRow row) {
    }

    /** One parameter's points, and its value in the base scenario. */
    public record Series(Parameter parameter, double baseValue, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }

        double min(Metric m) {
            double v = Double.POSITIVE_INFINITY;
            for (Point p : points) {
                v = Math.min(v, m.of(p.row()));
            }
            return v;
        }

        double max(Metric m) {
            double v = Double.NEGATIVE_INFINITY;
            for (Point p : points) {
                v = Math.max(v, m.of(p.row()));
            }
            return v;
        }

        /** The spread of the metric over the points. */
        public double effect(Metric m) {
            return max(m) - min(m);
        }
    }

    public Tornado {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(baseline, "baseline");
        series = List.copyOf(series);
        fixed = List.copyOf(fixed);
    }

    /** The series by effect, largest first; ties in the order given. */
    public List<Series> byEffect() {
        List<Series> out = new ArrayList<>(series);
        out.sort(Comparator.comparingDouble((Series s) -> -s.effect(setup.metric())));
        return out;
    }

    /**
     * The tornado as text, at most {@code width} columns wide (the bar takes what the columns leave,
     * at least 10): per parameter its range, the metric at its low and high ends, the spread, and a
     * bar over the metric's overall range with the baseline marked {@code |}.
     */
    public String text(int width) {
        Metric m = setup.metric();
        StringBuilder sb = new StringBuilder();
        sb.append("deploysim sensitivity: ").append(setup.line()).append('\n');
        sb.append("metric: ").append(m.label()).append(" (").append(m.id()).append("); baseline ")
                .append(Parameter.format(m.of(baseline))).append('\n');
        sb.append('\n');
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"parameter", "range", "at low", "at high", "min", "max", "effect"});
        double gmin = m.of(baseline);
        double gmax = gmin;
        for (Series s : byEffect()) {
            Parameter p = s.parameter();
            double lo = m.of(s.points().get(0).row());
            double hi = m.of(s.points().get(s.points().size() - 1).row());
            cells.add(new String[] {p.name(), p.describe(p.low()) + " .. " + p.describe(p.high()), Parameter.format(lo),
                Parameter.format(hi), Parameter.format(s.min(m)), Parameter.format(s.max(m)), Parameter.format(s.effect(m))});
            gmin = Math.min(gmin, s.min(m));
            gmax = Math.max(gmax, s.max(m));
        }
        int[] w = new int[7];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        int used = 0;
        for (int x : w) {
            used += x + 2;
        }
        int bar = Math.max(10, width - used - 2);
        List<Series> sorted = byEffect();
        for (int r = 0; r < cells.size(); r++) {
            String[] row = cells.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i < 2 ? pad(row[i], w[i]) : lpad(row[i], w[i])).append("  ");
            }
            if (r > 0) {
                Series s = sorted.get(r - 1);
                line.append('[').append(bar(s.min(m), s.max(m), m.of(baseline), gmin, gmax, bar)).append(']');
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append('\n');
        sb.append("One parameter at a time, the others at the scenario's values; every point over the same seeds. A distribution is\n")
                .append("varied by scaling it (its median moves, its shape stays); its range is the medians the profiles ideal, fly,\n")
                .append("fly-2024 and adverse give it. Bar: the metric's min..max over the points, '|' the baseline.\n");
        if (!fixed.isEmpty()) {
            sb.append("not varied (equal in every profile; give a range with --vary): ").append(String.join(", ", fixed)).append('\n');
        }
        return sb.toString();
    }

    private static String bar(double min, double max, double base, double gmin, double gmax, int n) {
        char[] c = ".".repeat(n).toCharArray();
        int a = pos(min, gmin, gmax, n);
        int b = pos(max, gmin, gmax, n);
        for (int i = a; i <= b; i++) {
            c[i] = '#';
        }
        c[pos(base, gmin, gmax, n)] = '|';
        return new String(c);
    }

    private static int pos(double v, double gmin, double gmax, int n) {
        if (gmax <= gmin) {
            return 0;
        }
        return (int) Math.min(n - 1, Math.max(0, Math.round((v - gmin) / (gmax - gmin) * (n - 1))));
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String lpad(String s, int w) {
        return " ".repeat(Math.max(0, w - s.length())) + s;
    }

    /** The result as JSON: the setup, the baseline row, and every series with its points' rows, by effect. */
    public ObjectNode json() {
        Metric m = setup.metric();
        ObjectNode o = F.objectNode();
        o.put("scenarioSource", setup.source());
        o.put("platform", setup.platform());
        o.put("strategy", setup.strategy());
        o.put("machines", setup.machines());
        o.put("seeds", setup.seeds());
        o.put("firstSeed", setup.firstSeed());
        o.put("points", setup.points());
        o.put("metric", m.id());
        o.put("metricLabel", m.label());
        o.put("scaling", "a distribution is scaled: every time in it times median/its median");
        ObjectNode b = o.putObject("baseline");
        b.put("metric", m.of(baseline));
        b.set("row", CompareReport.rowJson(baseline));
        ArrayNode params = o.putArray("parameters");
        for (Series s : byEffect()) {
            Parameter p = s.parameter();
            ObjectNode j = params.addObject();
            j.put("path", p.path());
            j.put("name", p.name());
            j.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
            j.put("unit", p.unit());
            j.put("low", p.low());
            j.put("high", p.high());
            j.put("baseValue", s.baseValue());
            ObjectNode prof = j.putObject("profiles");
            for (Map.Entry<String, Double> e : p.profileValues().entrySet()) {
                prof.put(e.getKey(), e.getValue());
            }
            j.put("effect", s.effect(m));
            ArrayNode pts = j.putArray("points");
            for (Point pt : s.points()) {
                ObjectNode q = pts.addObject();
                q.put("value", pt.value());
                q.put("metric", m.of(pt.row()));
                q.set("row", CompareReport.rowJson(pt.row()));
            }
        }
        ArrayNode f = o.putArray("notVaried");
        fixed.forEach(f::add);
        return o;
    }

    /** Every point as CSV: parameter, value, the metric, then compare.csv's columns; the baseline first. */
    public String csv() {
        Metric m = setup.metric();
        StringBuilder sb = new StringBuilder(prefixed("(baseline)", "", m.of(baseline), baseline, true));
        for (Series s : byEffect()) {
            for (Point p : s.points()) {
                sb.append(prefixed(s.parameter().path(), Parameter.format(p.value()), m.of(p.row()), p.row(), false));
            }
        }
        return sb.toString();
    }

    private static String prefixed(String param, String value, double metric, CompareRow row, boolean header) {
        String[] lines = CompareReport.csv(List.of(row), true).split("\n");
        String body = param + "," + value + "," + Parameter.format(metric) + "," + lines[1] + "\n";
        return header ? "parameter,value,metric," + lines[0] + "\n" + body : body;
    }
}

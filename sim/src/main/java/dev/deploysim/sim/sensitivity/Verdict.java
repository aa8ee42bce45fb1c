package dev.deploysim.sim.sensitivity;

import dev.deploysim.sim.report.CompareRow;
import dev.deploysim.sim.scenario.ScenarioException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A yes/no question about a compare row, {@code METRIC>X} or {@code METRIC<X}: the verdict whose
 * flip {@code --find-threshold} looks for. The default, {@code zero-serving-runs>0}, is "some run
 * has zero serving".
 *
 * @param metric what is compared
 * @param above true for {@code >}, false for {@code <}
 * @param threshold the number compared with
 */
public record Verdict(Metric metric, boolean above, double threshold) {
    /** "Some run has zero serving". */
    public static final Verdict SOME_ZERO_SERVING = new Verdict(Metric.ZERO_SERVING_RUNS, true, 0);

    private static final Pattern FORM = Pattern.compile("\\s*([a-z0-9-]+)\\s*([<>])\\s*([0-9]+(?:\\.[0-9]+)?)\\s*");

    public Verdict {
        Objects.requireNonNull(metric, "metric");
    }

    /** Whether the verdict holds for {@code row}. */
    public boolean holds(CompareRow row) {
        double v = metric.of(row);
        return above ? v > threshold : v < threshold;
    }

    /**
     * Parses {@code METRIC>X} or {@code METRIC<X}.
     *
     * @throws ScenarioException naming {@code option} when the text is not of that form or names no metric
     */
    public static Verdict parse(String text, String option) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new ScenarioException(option, "give METRIC>X or METRIC<X, e.g. zero-serving-runs>0 or min-serving<2; was '"
                    + text + "'");
        }
        Metric metric = Metric.byId(m.group(1)).orElseThrow(() -> new ScenarioException(option,
                "unknown metric '" + m.group(1) + "'; known: " + String.join(", ", Metric.ids())));
        return new Verdict(metric, m.group(2).equals(">"), Double.parseDouble(m.group(3)));
    }

    /** In words: "some run has zero serving", else {@code min-serving < 2}. */
    public String describe() {
        if (equals(SOME_ZERO_SERVING)) {
            return "some run has zero serving";
        }
        return metric.id() + (above ? " > " : " < ") + Parameter.format(threshold);
    }

    /** The {@code --verdict} form, {@code min-serving<2}. */
    @Override
    public String toString() {
        return metric.id() + (above ? ">" : "<") + Parameter.format(threshold);
    }
}

package dev.deploysim.sim.explore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Formats a run's report: what people read first when a property fails. */
final class Report {
    private Report() {
    }

    static <T> String format(String name, long seed, ExploreResult.Status status, Statistics stats,
                             List<CoverageCheck> coverage, Optional<Counterexample<T>> counterexample,
                             String problem, String stoppedHow, List<String> artifacts,
                             Function<? super T, String> describer, int coverageMinTries) {
        StringBuilder out = new StringBuilder();
        out.append("explore '").append(name).append("': ").append(status)
                .append(" after ").append(stats.tries()).append(stats.tries() == 1 ? " try" : " tries")
                .append(" (").append(stats.discarded()).append(" discarded), seed ").append(seed);
        if (!stoppedHow.isEmpty()) {
            out.append(", ").append(stoppedHow);
        }
        out.append('\n');
        counterexample.ifPresent(c -> counterexampleSection(out, c, describer, seed, artifacts));
        if (!problem.isEmpty()) {
            out.append(problem).append('\n');
        }
        statisticsSection(out, stats);
        if (!coverage.isEmpty()) {
            out.append("coverage:\n");
            for (CoverageCheck c : coverage) {
                out.append("  ").append(coverageLine(c));
                if (!c.checked()) {
                    out.append(counterexample.isPresent() ? " (not checked: a try failed)"
                            : status == ExploreResult.Status.TOO_MANY_DISCARDS ? " (not checked: too many discards)"
                            : " (not checked: fewer than " + coverageMinTries + " tries)");
                }
                out.append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    private static <T> void counterexampleSection(StringBuilder out, Counterexample<T> c,
                                                  Function<? super T, String> describer, long seed,
                                                  List<String> artifacts) {
        out.append("counterexample from try ").append(c.tryIndex());
        if (c.flaky()) {
            out.append(", NOT shrunk: replaying its choices did not fail the same way (the property or"
                    + " generator depends on something besides its choices)");
        } else {
            out.append(", shrunk in ").append(c.shrinkSteps()).append(" steps (")
                    .append(c.shrinkExecutions()).append(" executions")
                    .append(c.shrinkComplete() ? ")" : "; a shrink budget ran out, it may shrink further)");
        }
        out.append(":\n");
        field(out, "value", describe(c.value(), describer));
        field(out, "failure", c.failure().message());
        field(out, "kind", c.failure().kind());
        for (String note : c.notes()) {
            field(out, "note", note);
        }
        field(out, "choices", c.choices().toString());
        field(out, "original", describe(c.originalValue(), describer));
        if (!c.originalFailure().sameAs(c.failure())) {
            field(out, "first failure", c.originalFailure().message() + "  [" + c.originalFailure().kind() + "]");
        }
        field(out, "replay", "-D" + Explorer.SEED_PROPERTY + "=" + seed + " -D" + Explorer.TRY_PROPERTY + "="
                + c.tryIndex() + "  (or .seed(" + seed + ").onlyTry(" + c.tryIndex()
                + "); the shrunk value alone: .replay(" + joined(c.choices()) + "))");
        for (String a : artifacts) {
            field(out, "artifact", a);
        }
    }

    private static void statisticsSection(StringBuilder out, Statistics stats) {
        if (!stats.labels().isEmpty()) {
            out.append("statistics (share of ").append(stats.tries()).append(" tries):\n");
            List<Map.Entry<String, Integer>> rows = new ArrayList<>(stats.labels().entrySet());
            rows.sort(Map.Entry.<String, Integer>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
            int width = rows.stream().mapToInt(e -> e.getKey().length()).max().orElse(0);
            for (Map.Entry<String, Integer> e : rows) {
                out.append(String.format(Locale.ROOT, "  %-" + width + "s %7d %6.1f%%%n",
                        e.getKey(), e.getValue(), stats.percent(e.getKey())));
            }
        }
        for (FilterStats f : stats.filters()) {
            out.append(String.format(Locale.ROOT, "filter '%s': %d accepted, %d rejected (%.1f%%), gave up on %d %s%n",
                    f.description(), f.accepted(), f.rejected(), f.rejectedPercent(), f.exhausted(),
                    f.exhausted() == 1 ? "try" : "tries"));
        }
    }

    static String coverageLine(CoverageCheck c) {
        return String.format(Locale.ROOT, "'%s' in >= %.1f%% of tries: %.1f%%%s", c.label(), c.minPercent(),
                c.actualPercent(), c.checked() ? (c.met() ? " ok" : " NOT MET") : "");
    }

    static String tooManyDiscards(int discarded, int limit, int counted, Map<String, Integer> reasons,
                                  List<FilterStats> filters) {
        StringBuilder out = new StringBuilder();
        out.append(discarded).append(" tries discarded (limit ").append(limit).append(") while ")
                .append(counted).append(" counted; the generator or the property rejects too much. Reasons:");
        reasons.forEach((reason, n) -> out.append("\n  ").append(n).append("x ").append(reason));
        for (FilterStats f : filters) {
            if (f.rejected() > 0) {
                out.append(String.format(Locale.ROOT, "%n  filter '%s' rejected %.1f%% of the values it saw",
                        f.description(), f.rejectedPercent()));
            }
        }
        out.append("\nGenerate valid values directly instead of filtering most of them away.");
        return out.toString();
    }

    private static <T> String describe(T value, Function<? super T, String> describer) {
        if (value == null) {
            return "(none: the generator itself failed)";
        }
        try {
            return describer.apply(value);
        } catch (RuntimeException e) {
            return String.valueOf(value) + "  (describer failed: " + e + ")";
        }
    }

    private static void field(StringBuilder out, String label, String text) {
        String pad = " ".repeat(18);
        String head = String.format(Locale.ROOT, "  %-15s ", label + ":");
        out.append(head).append(text.replace("\n", "\n" + pad)).append('\n');
    }

    private static String joined(List<Long> choices) {
        StringBuilder b = new StringBuilder();
        for (Long v : choices) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(v).append(v > Integer.MAX_VALUE ? "L" : "");
        }
        return b.toString();
    }
}

package dev.deploysim.sim.cli;

import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.verify.Invariants;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --check INVARIANT[,INVARIANT...]} (repeatable, or {@code all}) on {@code run},
 * {@code replay} and {@code explore}: the invariants to judge instead of the strategy's promises.
 * Names are those of {@link Invariants}; the parsed list is in registry order, each name once.
 */
final class Checks {
    /** The value that selects every invariant. */
    static final String ALL = "all";
    /** The option's description, shared by the commands that take it. */
    static final String DESCRIPTION = "Check exactly these invariants (comma-separated, repeatable, or 'all') instead of "
            + "the strategy's promises; exit 1 if one is violated.";

    private Checks() {
    }

    /**
     * The invariants {@code given} names (each element may hold several, comma-separated), in
     * registry order; empty when none was given.
     *
     * @throws ScenarioException naming {@code --check} and the known invariants, for an unknown name
     */
    static List<String> parse(List<String> given) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String g : given) {
            for (String part : g.split(",", -1)) {
                String name = part.strip();
                if (name.equals(ALL)) {
                    wanted.addAll(Invariants.names());
                } else if (!Invariants.names().contains(name)) {
                    throw new ScenarioException("--check", "unknown invariant '" + name + "'; known: "
                            + String.join(", ", Invariants.names()) + " (or " + ALL + ")");
                } else {
                    wanted.add(name);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String name : Invariants.names()) {
            if (wanted.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The line a run's text report ends with under {@code --check}: each checked invariant and
     * whether it held, e.g. {@code checked      never-zero-serving VIOLATED, probes-all-ok held}.
     */
    static String line(List<String> checked, DeployRun run) {
        List<String> parts = new ArrayList<>();
        for (String name : checked) {
            boolean violated = false;
            for (Violation v : run.violations()) {
                violated |= v.invariant().equals(name);
            }
            parts.add(name + (violated ? " VIOLATED" : " held"));
        }
        return "  checked     " + String.join(", ", parts);
    }
}

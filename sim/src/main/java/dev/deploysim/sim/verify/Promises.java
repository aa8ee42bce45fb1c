package dev.deploysim.sim.verify;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.explore.Property;
import dev.deploysim.sim.explore.Try;
import dev.deploysim.sim.explore.Verdict;
import dev.deploysim.sim.fault.FaultInjector;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.Fault;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.Steps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The properties the suite and {@code deploysim explore} check: a strategy keeps every promise it
 * makes for the scenario at hand ({@link #kept}), or chosen invariants hold whatever was promised
 * ({@link #holds}: {@code --check}, and self-tests of the explorer). Both label every try for the
 * statistics.
 *
 * <p>Labels: {@code strategy:<name>}; the app's size ({@code n=1}, {@code n=2}, {@code n=3-5},
 * {@code n=6-10}, {@code n=11-20}), {@code groups=<k>}, {@code stopped machines}; {@code no faults}
 * or {@code fault:<kind>} per declared kind; {@code outcome:<outcome>}; {@code promised:<invariant>}
 * per promise that applied; {@value #BOUNDARY_OPTION} when an option sits on a boundary value for the
 * app; {@code checked:<invariant>} per invariant {@link #holds} checks;
 * {@code exercised:converged}, {@code exercised:clean-rollback} and {@code exercised:reverted} when
 * such a promise applied and the deploy succeeded, rolled back, or did not succeed; {@code weakness:<invariant>} per violated invariant that was not
 * promised (a documented weakness); {@code spearhead} when the run had a legacy rolling
 * spearhead, and {@value #FAULT_IN_SPEARHEAD} when a fault hit during its update.
 */
public final class Promises {
    /** The label of a try in which a fault was injected while a spearhead was being updated. */
    public static final String FAULT_IN_SPEARHEAD = "fault in spearhead update";
    /** The label of a try in which some option sits on a boundary value for the app ({@code StrategyOptions.onBoundary}). */
    public static final String BOUNDARY_OPTION = "boundary-option";

    private Promises() {
    }

    /** Fails (kind: the invariant) on the earliest violation of an invariant {@code strategy} promises for the scenario. */
    public static Property<Scenario> kept(Runner runner, Strategy strategy) {
        return (scenario, t) -> {
            DeployRun run = runner.run(scenario);
            SortedSet<String> promised = Guarantees.promised(strategy, run);
            label(t, strategy, run, promised);
            for (Violation v : run.violations()) {
                if (promised.contains(v.invariant())) {
                    return Verdict.fail(v.invariant(), strategy.name() + " promised " + v.invariant() + " but: " + v.detail());
                }
            }
            return Verdict.pass();
        };
    }

    /** Fails (kind: {@code invariant}) on its earliest violation, promised or not. */
    public static Property<Scenario> holds(Runner runner, Strategy strategy, String invariant) {
        return holds(runner, strategy, List.of(invariant));
    }

    /**
     * Fails (kind: the invariant) on the earliest violation of any invariant in {@code invariants},
     * promised or not; each try is also labelled {@code checked:<invariant>} per checked invariant.
     *
     * @throws IllegalArgumentException for an unknown invariant name, listing the known ones
     */
    public static Property<Scenario> holds(Runner runner, Strategy strategy, Collection<String> invariants) {
        TreeSet<String> checked = new TreeSet<>();
        for (String name : invariants) {
            checked.add(Invariants.get(name).name());
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("no invariant to check; known: " + String.join(", ", Invariants.names()));
        }
        return (scenario, t) -> {
            DeployRun run = runner.run(scenario);
            label(t, strategy, run, Guarantees.promised(strategy, run));
            for (String c : checked) {
                t.label("checked:" + c);
            }
            for (Violation v : run.violations()) {
                if (checked.contains(v.invariant())) {
                    return Verdict.fail(v.invariant(), v.detail());
                }
            }
            return Verdict.pass();
        };
    }

    /** Counts {@code run} under the labels listed in the class comment. */
    public static void label(Try t, Strategy strategy, DeployRun run, Set<String> promised) {
        Scenario s = run.scenario();
        t.label("strategy:" + strategy.name());
        int n = s.app().machines();
        t.label(n == 1 ? "n=1" : n == 2 ? "n=2" : n <= 5 ? "n=3-5" : n <= 10 ? "n=6-10" : "n=11-20");
        t.label("groups=" + s.app().groups().size());
        t.classify(s.app().groups().stream().anyMatch(g -> g.stopped() > 0), "stopped machines");
        if (s.faults().isEmpty()) {
            t.label("no faults");
        }
        for (Fault f : s.faults()) {
            t.label("fault:" + f.kind().jsonName());
        }
        t.label("outcome:" + run.outcomeName());
        t.classify(dev.deploysim.sim.fault.StrategyOptions.onBoundary(strategy, s.strategy(), s.app()), BOUNDARY_OPTION);
        for (String p : promised) {
            t.label("promised:" + p);
        }
        // converged and clean-rollback say nothing unless the deploy ended their way
        t.classify(promised.contains(Conditions.CONVERGED) && run.outcomeName().equals("succeeded"), "exercised:converged");
        t.classify(promised.contains(Conditions.CLEAN_ROLLBACK) && run.outcomeName().equals("rolled_back"),
                "exercised:clean-rollback");
        t.classify(promised.contains(Conditions.REVERTED) && !run.outcomeName().equals("succeeded")
                && !run.outcomeName().equals("unfinished"), "exercised:reverted");
        TreeSet<String> violated = new TreeSet<>();
        for (Violation v : run.violations()) {
            violated.add(v.invariant());
        }
        for (String v : violated) {
            if (!promised.contains(v)) {
                t.label("weakness:" + v);
            }
        }
        List<long[]> windows = spearheadWindows(run);
        t.classify(!windows.isEmpty(), "spearhead");
        t.classify(faultIn(run, windows), FAULT_IN_SPEARHEAD);
    }

    /**
     * The spearheads' update windows of a legacy rolling run: from each set's first
     * {@code updateMachine} (the one after its {@code updateEntriesGroup}) to that machine's
     * success or failure (or the deploy's end).
     */
    static List<long[]> spearheadWindows(DeployRun run) {
        List<long[]> out = new ArrayList<>();
        int pending = 0;
        TreeMap<String, Long> open = new TreeMap<>();
        for (Observation o : run.log()) {
            if (!(o instanceof StrategyStep s)) {
                continue;
            }
            if (s.step().equals(Steps.UPDATE_ENTRIES_GROUP)) {
                pending++;
            } else if (s.step().equals(Steps.UPDATE_MACHINE) && pending > 0) {
                pending--;
                open.put(s.machineId(), s.atNanos());
            } else if ((s.step().equals(Steps.UPDATE_SUCCEEDED) || s.step().equals(Steps.UPDATE_FAILED))
                    && open.containsKey(s.machineId())) {
                out.add(new long[] {open.remove(s.machineId()), s.atNanos()});
            }
        }
        long end = run.deployEndNanos() >= 0 ? run.deployEndNanos() : run.endNanos();
        open.values().forEach(start -> out.add(new long[] {start, end}));
        return out;
    }

    private static boolean faultIn(DeployRun run, List<long[]> windows) {
        for (FaultInjected f : run.log().ofType(FaultInjected.class)) {
            if (f.detail().startsWith(FaultInjector.NO_EFFECT)) {
                continue;
            }
            for (long[] w : windows) {
                if (f.atNanos() >= w[0] && f.atNanos() <= w[1]) {
                    return true;
                }
            }
        }
        return false;
    }
}

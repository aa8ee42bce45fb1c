package dev.deploysim.sim.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.strategies.Strategies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link MaxUnavailable} keeps per-group counts up to date from the one machine each observation
 * concerns. The oracle here is the invariant's definition taken literally: after every instant
 * of the deploy window, recount every group's started machines and the machines the proxy could
 * use over all machine views. Both must find the same first instant, counts and peak on random
 * logs of two groups with launches, in-place updates, state changes, destroys and proxy changes.
 */
class MaxUnavailableEquivalenceTest {

    /** The first instant each group exceeds {@code pool}, as {group, at, down, proxyDown, peak, peakAt}, by literal recount. */
    private static List<String> literal(DeployRun run, Map<String, Integer> pool) {
        RunFacts f = RunFacts.of(run);
        TreeMap<String, Integer> warm = new TreeMap<>();
        for (String id : f.seeded) {
            if (f.launches.get(id).state() == MachineState.STARTED) {
                warm.merge(f.groupOf(id), 1, Integer::sum);
            }
        }
        TreeMap<String, long[]> exceeded = new TreeMap<>();
        SortedMap<String, RunFacts.View> views = new TreeMap<>();
        TreeSet<String> routable = new TreeSet<>();
        TreeSet<String> ready = new TreeSet<>();
        List<Observation> all = f.log.entries();
        for (int i = 0; i < all.size(); i++) {
            Observation o = all.get(i);
            RunFacts.apply(views, o);
            switch (o) {
                case ProxyViewChanged p -> {
                    if (p.routable()) {
                        routable.add(p.machineId());
                    } else {
                        routable.remove(p.machineId());
                    }
                }
                case AppReadyChanged r -> {
                    if (r.ready()) {
                        ready.add(r.machineId());
                    } else {
                        ready.remove(r.machineId());
                    }
                }
                case MachineDestroyed d -> ready.remove(d.machineId());
                default -> { }
            }
            long t = o.atNanos();
            if ((i + 1 < all.size() && all.get(i + 1).atNanos() == t) || t < f.deployStart || t > f.deployEndOrRunEnd()) {
                continue;
            }
            for (var e : warm.entrySet()) {
                int started = 0;
                int usable = 0;
                for (RunFacts.View v : views.values()) {
                    if (!v.group.equals(e.getKey())) {
                        continue;
                    }
                    if (v.state == MachineState.STARTED && !v.destroyed) {
                        started++;
                    }
                    if (routable.contains(v.id) && ready.contains(v.id)) {
                        usable++;
                    }
                }
                int down = e.getValue() - started;
                if (down > pool.get(e.getKey())) {
                    long[] x = exceeded.get(e.getKey());
                    if (x == null) {
                        exceeded.put(e.getKey(), new long[] {t, down, Math.max(0, e.getValue() - usable), down, t});
                    } else if (down > x[3]) {
                        x[3] = down;
                        x[4] = t;
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        exceeded.forEach((g, x) -> out.add(g + " at " + RunFacts.s(x[0]) + ": " + x[1] + " of " + warm.get(g)
                + ", proxy " + x[2] + (x[3] > x[1] ? ", peak " + x[3] + " at " + RunFacts.s(x[4]) : "")));
        return out;
    }

    /** The same facts read back from the checker's violation text. */
    private static List<String> checked(DeployRun run) {
        List<String> out = new ArrayList<>();
        var pattern = java.util.regex.Pattern.compile("group (\\S+): (\\d+) of (\\d+) warm machines not started at (\\S+ s),"
                + ".*could not use (\\d+) of them then(?:; peak (\\d+) at (\\S+ s))?");
        for (var v : new MaxUnavailable(name -> Optional.of(Strategies.get(name))).check(run)) {
            var m = pattern.matcher(v.detail());
            assertThat(m.matches()).as(v.detail()).isTrue();
            out.add(m.group(1) + " at " + m.group(4) + ": " + m.group(2) + " of " + m.group(3) + ", proxy " + m.group(5)
                    + (m.group(6) != null ? ", peak " + m.group(6) + " at " + m.group(7) : ""));
        }
        return out;
    }

    private static final MachineState[] STATES = {MachineState.STARTED, MachineState.STOPPING, MachineState.STOPPED,
        MachineState.STARTING, MachineState.REPLACING};

    @Test
    void incrementalCountsFindWhatARecountAtEveryInstantFinds() {
        // rolling at maxUnavailable 0.33: a pool of 1 in a group of 3 and of 2 in a group of 4
        Scenario s = InvariantsTest.scenario("rolling", Map.of("maxUnavailable", 0.33),
                InvariantsTest.group("app", 3, 1), InvariantsTest.group("worker", 4, 0));
        Map<String, Integer> pool = Map.of("app", 1, "worker", 2);
        SplittableRandom r = new SplittableRandom(17);
        int withViolations = 0;
        for (int run = 0; run < 400; run++) {
            RunLogs l = new RunLogs().seeded("a0", "app", true).seeded("a1", "app", true).seeded("a2", "app", true)
                    .seeded("a3", "app", false);
            for (int i = 0; i < 4; i++) {
                l.seeded("w" + i, "worker", true);
            }
            List<String> ids = new ArrayList<>(List.of("a0", "a1", "a2", "a3", "w0", "w1", "w2", "w3"));
            TreeSet<String> destroyed = new TreeSet<>();
            double t = 5;
            l.at(t).deployStarted("rolling");
            int launched = 0;
            for (int i = r.nextInt(50); i > 0; i--) {
                if (r.nextInt(3) > 0) {
                    t += 0.5 * (1 + r.nextInt(4));
                }
                l.at(t);
                String id = ids.get(r.nextInt(ids.size()));
                if (destroyed.contains(id)) {
                    continue;
                }
                switch (r.nextInt(7)) {
                    case 0 -> l.updating(id);
                    case 1, 2 -> l.state(id, STATES[r.nextInt(STATES.length)]);
                    case 3 -> l.proxy(id, r.nextBoolean());
                    case 4 -> l.ready(id, r.nextBoolean());
                    case 5 -> {
                        l.destroyed(id);
                        destroyed.add(id);
                    }
                    default -> {
                        String fresh = "n" + launched++;
                        l.launchedByDeploy(fresh, r.nextBoolean() ? "app" : "worker",
                                r.nextBoolean() ? MachineState.STARTED : MachineState.CREATED, false, Map.of());
                        ids.add(fresh);
                    }
                }
            }
            if (r.nextInt(4) > 0) {
                l.at(t + 1).deployFinished(DeployOutcome.SUCCEEDED);
                // after the window: must not count
                l.at(t + 2).state("a0", MachineState.STOPPED).state("a1", MachineState.STOPPED);
            }
            DeployRun d = l.run(s);
            List<String> expected = literal(d, pool);
            assertThat(checked(d)).as("run %d", run).isEqualTo(expected);
            withViolations += expected.isEmpty() ? 0 : 1;
        }
        // the oracle is only worth something if both outcomes occur often
        assertThat(withViolations).isBetween(80, 320);
    }
}

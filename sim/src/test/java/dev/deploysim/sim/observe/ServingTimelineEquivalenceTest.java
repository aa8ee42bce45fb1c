package dev.deploysim.sim.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The timeline keeps counts in arrays and serving sets as per-step changes. The oracle here is
 * its definition taken literally: replay the log into two sets, and after each instant
 * (right-continuous) read {@code |routable|} and {@code routable ∩ ready}.
 */
class ServingTimelineEquivalenceTest {

    /** The sets after every observation up to and including instant {@code t}. */
    private static List<TreeSet<String>> setsAt(List<Observation> log, long t) {
        TreeSet<String> routable = new TreeSet<>();
        TreeSet<String> ready = new TreeSet<>();
        for (Observation o : log) {
            if (o.atNanos() > t) {
                break;
            }
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
        }
        TreeSet<String> serving = new TreeSet<>(routable);
        serving.retainAll(ready);
        return List.of(routable, serving);
    }

    private static List<Observation> randomLog(SplittableRandom r) {
        List<Observation> log = new ArrayList<>();
        int machines = 1 + r.nextInt(6);
        long t = r.nextInt(3) * 1000L;
        for (int i = r.nextInt(60); i > 0; i--) {
            if (r.nextInt(3) == 0) {
                t += 1 + r.nextInt(1000);
            }
            String id = "m" + r.nextInt(machines);
            log.add(switch (r.nextInt(7)) {
                case 0, 1 -> new ProxyViewChanged(t, id, r.nextBoolean(), t);
                case 2, 3 -> new AppReadyChanged(t, id, "i", r.nextBoolean());
                case 4 -> new MachineDestroyed(t, id);
                default -> new ProbeResult(t, t, ProbeOutcome.OK, 0, id, 1, "");
            });
        }
        return log;
    }

    @Test
    void countsSetsStepsAndIntervalsMatchTheDefinitionOnRandomLogs() {
        SplittableRandom r = new SplittableRandom(7);
        for (int run = 0; run < 500; run++) {
            List<Observation> log = randomLog(r);
            ServingTimeline tl = ServingTimeline.of(log);
            long end = log.isEmpty() ? 0 : log.get(log.size() - 1).atNanos();
            // every instant, and the gaps between them
            TreeSet<Long> probes = new TreeSet<>(List.of(-1L, 0L, end + 5));
            for (Observation o : log) {
                probes.add(o.atNanos());
                probes.add(o.atNanos() + 1);
                probes.add(o.atNanos() - 1);
            }
            List<ServingTimeline.Step> expectedSteps = new ArrayList<>();
            for (long t : probes) {
                List<TreeSet<String>> sets = setsAt(log, t);
                assertThat(tl.routableAt(t)).as("run %d routable at %d", run, t).isEqualTo(sets.get(0).size());
                assertThat(tl.servingAt(t)).as("run %d serving at %d", run, t).isEqualTo(sets.get(1).size());
                assertThat(tl.servingMachinesAt(t)).as("run %d machines at %d", run, t)
                        .containsExactlyElementsOf(sets.get(1));
            }
            // steps: each instant whose routable count or serving set differs from the last step
            TreeSet<Long> instants = new TreeSet<>();
            for (Observation o : log) {
                instants.add(o.atNanos());
            }
            ServingTimeline.Step last = null;
            for (long t : instants) {
                List<TreeSet<String>> sets = setsAt(log, t);
                List<String> serving = new ArrayList<>(sets.get(1));
                boolean changed = last == null ? !sets.get(0).isEmpty()
                        : last.routable() != sets.get(0).size() || !last.servingMachines().equals(serving);
                if (changed) {
                    last = new ServingTimeline.Step(t, serving.size(), sets.get(0).size(), serving);
                    expectedSteps.add(last);
                }
            }
            assertThat(tl.steps()).as("run %d steps", run).containsExactlyElementsOf(expectedSteps);
            assertThat(tl.counts()).as("run %d counts", run).containsExactlyElementsOf(expectedSteps.stream()
                    .map(s -> new ServingTimeline.Count(s.atNanos(), s.serving(), s.routable())).toList());
            // intervals by machine against the step list
            long from = r.nextLong(-5, end + 10);
            long to = from + r.nextLong(0, end + 20);
            var byMachine = tl.servingIntervalsByMachine(from, to);
            for (String id : byMachine.keySet()) {
                long covered = 0;
                for (ServingTimeline.Interval i : byMachine.get(id)) {
                    assertThat(i.startNanos()).isLessThan(i.endNanos());
                    for (long t = i.startNanos(); t < i.endNanos(); t += Math.max(1, (i.endNanos() - i.startNanos()) / 7)) {
                        assertThat(setsAt(log, t).get(1)).as("run %d %s serves at %d", run, id, t).contains(id);
                    }
                    covered += i.lengthNanos();
                }
                assertThat(covered).isPositive();
            }
            for (long t : probes) {
                if (t >= from && t < to) {
                    for (String id : setsAt(log, t).get(1)) {
                        assertThat(byMachine.get(id)).as("run %d %s at %d", run, id, t)
                                .anySatisfy(i -> assertThat(t).isBetween(i.startNanos(), i.endNanos() - 1));
                    }
                }
            }
        }
    }
}

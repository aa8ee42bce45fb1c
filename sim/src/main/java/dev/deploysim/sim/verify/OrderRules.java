package dev.deploysim.sim.verify;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.FaultHealed;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.Steps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code order}: the step-order rules of the spec's section 7. Each rule applies to a run whose
 * log shows the steps it is about, so one checker serves every strategy:
 * <ul>
 *   <li><b>bluegreen</b> (the log has {@code createGreenMachines}): every green (a machine the
 *       deploy launched) is uncordoned before any blue (a machine from before the deploy) is
 *       cordoned; each blue is cordoned before it is stopped, and stopped (in state
 *       {@code stopped}) before it is destroyed. Blues on an unreachable host are exempt from the
 *       last two: flyctl skips them and destroys them by force (spec 1.5).</li>
 *   <li><b>canary-serving</b> (the log has {@code destroyCanariesAfterRoll}): each canary
 *       ({@code fly_canary}) is destroyed only after the last update of a machine from before the
 *       deploy was issued and finished (succeeded or failed).</li>
 *   <li><b>rolling, legacy path</b> (the log has {@code updateEntriesGroup}): in each process
 *       group's cold and warm sets, as the deploy's first machine list saw them, the first machine by
 *       ID (the spearhead) finishes its update and waits before any other machine of that set is
 *       updated; if the spearhead fails, no other machine of the set is updated.</li>
 * </ul>
 * Times of calls are when they were made (an API call's start).
 */
public final class OrderRules implements Checker {

    @Override
    public String name() {
        return Conditions.ORDER;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        if (f.deployStart < 0) {
            return List.of();
        }
        TreeSet<String> steps = new TreeSet<>();
        for (StrategyStep s : f.log.ofType(StrategyStep.class)) {
            steps.add(s.step());
        }
        List<Violation> out = new ArrayList<>();
        if (steps.contains(Steps.CREATE_GREEN_MACHINES)) {
            bluegreen(f, out);
        }
        if (steps.contains(Steps.DESTROY_CANARIES_AFTER_ROLL)) {
            canaryServing(f, out);
        }
        if (steps.contains(Steps.UPDATE_ENTRIES_GROUP)) {
            spearheads(f, out);
        }
        out.sort(Comparator.comparingLong(Violation::atNanos));
        return out;
    }

    private void bluegreen(RunFacts f, List<Violation> out) {
        TreeMap<String, Long> uncordoned = new TreeMap<>(); // each green's first successful uncordon
        for (ApiCall c : f.deployCalls("uncordon")) {
            if (f.launchedByDeploy(c.machineId())) {
                uncordoned.putIfAbsent(c.machineId(), c.startedAtNanos());
            }
        }
        TreeMap<String, Long> cordoned = new TreeMap<>();
        TreeMap<String, MachineState> beforeDestroy = new TreeMap<>(); // the state each destroy started from
        TreeSet<String> unreachable = new TreeSet<>();
        boolean reportedCordon = false;
        for (Observation o : f.log) {
            if (o instanceof ApiCall c && c.actor().equals(RunFacts.DEPLOY_ACTOR) && c.ok()) {
                String id = c.machineId();
                boolean blue = f.isSeeded(id);
                switch (c.operation()) {
                    case "cordon" -> {
                        if (blue) {
                            cordoned.putIfAbsent(id, c.startedAtNanos());
                            if (!reportedCordon) {
                                for (var l : f.launches.values()) {
                                    String g = l.machineId();
                                    if (f.launchedByDeploy(g) && l.atNanos() <= c.startedAtNanos()
                                            && (!uncordoned.containsKey(g) || uncordoned.get(g) > c.startedAtNanos())) {
                                        out.add(new Violation(name(), c.startedAtNanos(), "blue " + id + " was cordoned at "
                                                + RunFacts.s(c.startedAtNanos()) + " before green " + g + " was uncordoned"
                                                + (uncordoned.containsKey(g) ? " (at " + RunFacts.s(uncordoned.get(g)) + ")"
                                                : " (it never was)")));
                                        reportedCordon = true;
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    case "stop" -> {
                        if (blue && !unreachable.contains(id) && !cordoned.containsKey(id)) {
                            out.add(new Violation(name(), c.startedAtNanos(), "blue " + id + " was stopped at "
                                    + RunFacts.s(c.startedAtNanos()) + " without being cordoned first"));
                        }
                    }
                    case "destroy" -> {
                        MachineState from = beforeDestroy.get(id);
                        if (blue && !unreachable.contains(id) && from != null && from != MachineState.STOPPED) {
                            out.add(new Violation(name(), c.startedAtNanos(), "blue " + id + " was destroyed at "
                                    + RunFacts.s(c.startedAtNanos()) + " while " + from.apiName() + ", before it had stopped"));
                        }
                    }
                    default -> { }
                }
            }
            // a destroy's effect is logged before its ApiCall record: remember what it started from
            if (o instanceof MachineStateChanged m && m.to() == MachineState.DESTROYING) {
                beforeDestroy.putIfAbsent(m.machineId(), m.from());
            }
            if (o instanceof FaultInjected i && i.fault().equals("host-unreachable")) {
                unreachable.add(i.target());
            } else if (o instanceof FaultHealed h && h.fault().equals("host-unreachable")) {
                unreachable.remove(h.target());
            }
        }
    }

    private void canaryServing(RunFacts f, List<Violation> out) {
        long lastUpdate = -1;
        String lastMachine = "";
        for (ApiCall c : f.log.ofType(ApiCall.class)) {
            if (c.actor().equals(RunFacts.DEPLOY_ACTOR) && c.operation().equals("update") && f.isSeeded(c.machineId())
                    && c.startedAtNanos() > lastUpdate) {
                lastUpdate = c.startedAtNanos();
                lastMachine = c.machineId();
            }
        }
        long lastDone = -1;
        for (StrategyStep s : f.log.ofType(StrategyStep.class)) {
            if ((s.step().equals(Steps.UPDATE_SUCCEEDED) || s.step().equals(Steps.UPDATE_FAILED)) && f.isSeeded(s.machineId())) {
                lastDone = Math.max(lastDone, s.atNanos());
            }
        }
        for (ApiCall c : f.log.ofType(ApiCall.class)) {
            if (!c.actor().equals(RunFacts.DEPLOY_ACTOR) || !c.operation().equals("destroy") || !f.launchedByDeploy(c.machineId())
                    || !"true".equals(f.launches.get(c.machineId()).metadata().get(Converged.CANARY_KEY))) {
                continue;
            }
            long t = c.startedAtNanos();
            if (t < lastUpdate) {
                out.add(new Violation(name(), t, "canary " + c.machineId() + " was destroyed at " + RunFacts.s(t)
                        + " before the update of " + lastMachine + " was issued at " + RunFacts.s(lastUpdate)));
            } else if (t < lastDone) {
                out.add(new Violation(name(), t, "canary " + c.machineId() + " was destroyed at " + RunFacts.s(t)
                        + " before the last existing machine's update finished at " + RunFacts.s(lastDone)));
            }
        }
    }

    private void spearheads(RunFacts f, List<Violation> out) {
        long firstList = -1;
        for (ApiCall c : f.log.ofType(ApiCall.class)) {
            if (c.actor().equals(RunFacts.DEPLOY_ACTOR) && c.ok() && c.operation().equals("list")) {
                firstList = c.atNanos();
                break;
            }
        }
        SortedMap<String, RunFacts.View> seen = f.viewsAt(firstList >= 0 ? firstList : f.deployStart);
        // (group, warm?) -> machine IDs, sorted
        TreeMap<String, TreeSet<String>> sets = new TreeMap<>();
        for (String id : f.seeded) {
            RunFacts.View v = seen.get(id);
            if (v == null || !v.live()) {
                continue;
            }
            String set = v.group + (v.state == MachineState.STARTED ? " warm" : " cold");
            sets.computeIfAbsent(set, k -> new TreeSet<>()).add(id);
        }
        TreeMap<String, Long> succeeded = new TreeMap<>();
        for (StrategyStep s : f.log.ofType(StrategyStep.class)) {
            if (s.step().equals(Steps.UPDATE_SUCCEEDED)) {
                succeeded.putIfAbsent(s.machineId(), s.atNanos());
            }
        }
        for (var e : sets.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            String spearhead = e.getValue().first();
            Long done = succeeded.get(spearhead);
            for (StrategyStep s : f.log.ofType(StrategyStep.class)) {
                if (s.step().equals(Steps.UPDATE_MACHINE) && !s.machineId().equals(spearhead)
                        && e.getValue().contains(s.machineId()) && (done == null || s.atNanos() < done)) {
                    out.add(new Violation(name(), s.atNanos(), "machine " + s.machineId() + " of the " + e.getKey()
                            + " set started its update at " + RunFacts.s(s.atNanos()) + " before the spearhead " + spearhead
                            + (done == null ? " succeeded (it never did)" : " finished at " + RunFacts.s(done))));
                    break;
                }
            }
        }
    }
}

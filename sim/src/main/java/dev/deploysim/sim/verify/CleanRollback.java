package dev.deploysim.sim.verify;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * {@code clean-rollback}: a deploy that rolled back (bluegreen failing before its greens were all
 * uncordoned) leaves, once the run has settled, every machine it created destroyed (greens gone)
 * and every machine that existed before untouched: not destroyed, on its old image, not
 * cordoned, started if it was, and — in a group with services — serving (blues serve). A deploy
 * that did not roll back promises nothing here.
 */
public final class CleanRollback implements Checker {

    @Override
    public String name() {
        return Conditions.CLEAN_ROLLBACK;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        if (f.outcome.orElse(null) != DeployOutcome.ROLLED_BACK) {
            return List.of();
        }
        SortedMap<String, RunFacts.View> views = f.finalViews();
        List<String> serving = ServingTimeline.of(f.log).servingMachinesAt(f.end);
        List<String> problems = new ArrayList<>();
        for (MachineLaunched l : f.launches.values()) {
            RunFacts.View v = views.get(l.machineId());
            if (f.launchedByDeploy(l.machineId()) && !v.destroyed) {
                problems.add("machine " + l.machineId() + " the deploy launched at " + RunFacts.s(l.atNanos())
                        + " is left " + v.state.apiName());
            }
        }
        for (String id : f.seeded) {
            MachineLaunched l = f.launches.get(id);
            RunFacts.View v = views.get(id);
            if (v.destroyed || !v.live()) {
                problems.add("old machine " + id + " was destroyed");
                continue;
            }
            if (!v.image.equals(l.image())) {
                problems.add("old machine " + id + " was updated to " + v.image);
            }
            if (v.cordoned) {
                problems.add("old machine " + id + " is left cordoned");
            }
            if (l.state() == MachineState.STARTED && v.state != MachineState.STARTED) {
                problems.add("old machine " + id + " is " + v.state.apiName() + ", it was started");
            } else if (l.state() == MachineState.STARTED && v.serviceRegistered && !serving.contains(id)) {
                problems.add("old machine " + id + " does not serve at the end of the run");
            }
        }
        if (problems.isEmpty()) {
            return List.of();
        }
        return List.of(new Violation(name(), f.deployEnd, "the deploy rolled back but " + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")));
    }
}

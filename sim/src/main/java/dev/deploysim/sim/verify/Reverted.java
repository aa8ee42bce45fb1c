package dev.deploysim.sim.verify;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * {@code reverted}: a deploy that ended without success (failed or rolled back) leaves, once the run
 * has settled, every process group on the last stable version: as many started machines as it had
 * before the deploy, every one of them on the old image. What Nomad's {@code auto_revert} promises
 * ("the job should auto-revert to the last stable job on deployment failure"): the reverted job runs
 * its count of allocations of the previous version. Stopped machines are not judged (under the
 * fleet ports they are not allocations and are updated in place, still stopped). A deploy that
 * succeeded, or never ended, is not judged.
 */
public final class Reverted implements Checker {

    @Override
    public String name() {
        return Conditions.REVERTED;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        DeployOutcome outcome = f.outcome.orElse(null);
        if (outcome == null || outcome == DeployOutcome.SUCCEEDED) {
            return List.of();
        }
        AppSpec app = run.scenario().app();
        SortedMap<String, RunFacts.View> views = f.finalViews();
        List<String> problems = new ArrayList<>();
        for (AppSpec.Group g : app.groups()) {
            int started = 0;
            int onNew = 0;
            for (RunFacts.View v : views.values()) {
                if (v.group.equals(g.name()) && v.live() && v.state == MachineState.STARTED) {
                    started++;
                    if (!v.image.equals(app.currentImage())) {
                        onNew++;
                    }
                }
            }
            if (onNew > 0) {
                problems.add("group " + g.name() + " has " + onNew + " started machines on " + app.newImage());
            }
            if (started != g.started()) {
                problems.add("group " + g.name() + " has " + started + " started machines, " + g.started() + " before the deploy");
            }
        }
        if (problems.isEmpty()) {
            return List.of();
        }
        return List.of(new Violation(name(), f.deployEnd, "the deploy ended " + outcome.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + " but " + String.join("; ", problems)));
    }
}

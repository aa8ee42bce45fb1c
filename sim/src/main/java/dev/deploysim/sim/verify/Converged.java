package dev.deploysim.sim.verify;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * {@code converged}: a deploy that returned success leaves, once the run has settled, every
 * process group with as many machines as before and as many of them started (stopped ones stay
 * stopped), every machine on the new image and the deploy's release ({@code fly_release_id}),
 * nothing cordoned, and no canary ({@code fly_canary}) left over. Judged on the machines' final
 * state, at the deploy's end; a deploy that did not succeed promises nothing here.
 */
public final class Converged implements Checker {
    /** The metadata key that marks a canary (flyctl's). */
    static final String CANARY_KEY = "fly_canary";

    @Override
    public String name() {
        return Conditions.CONVERGED;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        if (f.outcome.orElse(null) != DeployOutcome.SUCCEEDED) {
            return List.of();
        }
        AppSpec app = run.scenario().app();
        SortedMap<String, RunFacts.View> views = f.finalViews();
        List<String> problems = new ArrayList<>();
        for (AppSpec.Group g : app.groups()) {
            int live = 0;
            int started = 0;
            for (RunFacts.View v : views.values()) {
                if (v.group.equals(g.name()) && v.live()) {
                    live++;
                    if (v.state == MachineState.STARTED) {
                        started++;
                    }
                }
            }
            if (live != g.machines()) {
                problems.add("group " + g.name() + " has " + live + " machines, " + g.machines() + " before the deploy");
            }
            if (started != g.started()) {
                problems.add("group " + g.name() + " has " + started + " started machines, " + g.started() + " before the deploy");
            }
        }
        for (RunFacts.View v : views.values()) {
            if (!v.live()) {
                continue;
            }
            if (app.group(v.group).isEmpty()) {
                problems.add("machine " + v.id + " is in group '" + v.group + "', which the app does not have");
            }
            if (!v.image.equals(app.newImage())) {
                problems.add("machine " + v.id + " runs " + v.image + ", not " + app.newImage());
            } else if (!Runner.RELEASE_ID.equals(v.metadata.get(AppSpec.METADATA_RELEASE_ID))) {
                problems.add("machine " + v.id + " is not on release " + Runner.RELEASE_ID);
            }
            if (v.cordoned) {
                problems.add("machine " + v.id + " is left cordoned");
            }
            if ("true".equals(v.metadata.get(CANARY_KEY))) {
                problems.add("canary " + v.id + " is left over");
            }
        }
        if (problems.isEmpty()) {
            return List.of();
        }
        return List.of(new Violation(name(), f.deployEnd, "the deploy succeeded but " + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: " + String.join("; ",
                problems.subList(1, Math.min(problems.size(), 4))) + (problems.size() > 4 ? "; ..." : "") + ")" : "")));
    }
}

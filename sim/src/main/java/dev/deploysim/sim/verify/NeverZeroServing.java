package dev.deploysim.sim.verify;

import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code never-zero-serving}: from the moment the deploy starts to the end of the run, at least
 * one machine serves ({@link ServingTimeline}: routable in the proxy's view and able to answer).
 * One violation per window with no serving machine, at the window's start. The window runs past
 * the deploy's end because a deploy's effects do (the proxy learns of the last machine late).
 */
public final class NeverZeroServing implements Checker {

    @Override
    public String name() {
        return Conditions.NEVER_ZERO_SERVING;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        List<Violation> out = new ArrayList<>();
        if (f.deployStart < 0) {
            return out;
        }
        List<ServingTimeline.Interval> zero = ServingTimeline.of(f.log).zeroServingIntervals(f.deployStart, f.end);
        long total = 0;
        for (ServingTimeline.Interval i : zero) {
            total += i.lengthNanos();
        }
        for (ServingTimeline.Interval i : zero) {
            String endText = i.endNanos() >= f.end ? "the end of the run at " + RunFacts.s(i.endNanos())
                    : RunFacts.s(i.endNanos());
            out.add(new Violation(name(), i.startNanos(), "no machine served from " + RunFacts.s(i.startNanos())
                    + " (deploy + " + RunFacts.s(i.startNanos() - f.deployStart) + ") to " + endText + ", "
                    + RunFacts.s(i.lengthNanos()) + (zero.size() > 1 ? "; " + zero.size() + " such windows, "
                    + RunFacts.s(total) + " in all" : "")));
        }
        return out;
    }
}

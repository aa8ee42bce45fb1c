package dev.deploysim.sim.verify;

import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.strategies.Conditions;
import java.util.List;

/**
 * {@code probes-all-ok}: every HTTP probe sent from the deploy's start until the prober stops
 * (the deploy plus its settle time) is answered within the slow threshold: none fails (proxy gave
 * up, client timeout) and none stalls past the threshold. One violation, at the first bad probe's
 * send time, with the counts of the whole window.
 */
public final class ProbesAllOk implements Checker {

    @Override
    public String name() {
        return Conditions.PROBES_ALL_OK;
    }

    @Override
    public List<Violation> check(DeployRun run) {
        RunFacts f = RunFacts.of(run);
        if (f.deployStart < 0) {
            return List.of();
        }
        ProbeResult first = null;
        long sent = 0;
        long failed = 0;
        long slow = 0;
        for (ProbeResult p : f.log.ofType(ProbeResult.class)) {
            if (p.sentAtNanos() < f.deployStart) {
                continue;
            }
            sent++;
            if (p.outcome() == ProbeOutcome.OK) {
                continue;
            }
            if (p.outcome() == ProbeOutcome.FAILED) {
                failed++;
            } else {
                slow++;
            }
            if (first == null || p.sentAtNanos() < first.sentAtNanos()) {
                first = p;
            }
        }
        if (first == null) {
            return List.of();
        }
        String what = first.outcome() == ProbeOutcome.FAILED ? "failed" : "was slow";
        return List.of(new Violation(name(), first.sentAtNanos(), "the probe sent at " + RunFacts.s(first.sentAtNanos())
                + " " + what + " after " + RunFacts.s(first.latencyNanos())
                + (first.detail().isEmpty() ? "" : " (" + first.detail() + ")") + "; " + (failed + slow) + " of " + sent
                + " probes from the deploy's start were not ok (" + failed + " failed, " + slow + " slow)"));
    }
}

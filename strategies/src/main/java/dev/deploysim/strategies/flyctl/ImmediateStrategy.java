package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.MachineDeployment.MachineUpdateEntry;
import java.util.ArrayList;
import java.util.List;

/*
 * flyctl's "immediate" strategy.
 * Follows: superfly/flyctl master at #5108, internal/command/deploy/machines_deploymachinesapp.go
 * (updateExistingMachines, updateUsingImmediateStrategy, spawnMachineInGroup's early return) and, with
 * deployRetries > 0, plan.go (updateMachinesWRecovery with smoke and health checks skipped).
 * Divergences:
 *  - S1-S12 of MachineDeployment (not modelled: release command, statics, DNS check, listen-address
 *    warning, machine_checks, filters; sorted iteration; no jitter; steps instead of status lines;
 *    no standby machines; empty nonce for lease-less destroys; DeployException messages; the
 *    replacement's lease released before its waits; the recovery lease TTL; nonce map; cancellation
 *    as Ctrl-C).
 *  - The pool's errors are the first failure with the others attached as suppressed exceptions and
 *    joined into the message (conc's pool joins them with errors.Join).
 */

/**
 * flyctl's immediate strategy: every machine's update issued at once (at most max-concurrent at a
 * time), no waits, no smoke or health checks.
 */
public final class ImmediateStrategy extends FlyctlStrategy {

    @Override
    public String name() {
        return "immediate";
    }

    @Override
    public String source() {
        return "flyctl master @#5108 internal/command/deploy/machines_deploymachinesapp.go (updateUsingImmediateStrategy), plan.go";
    }

    @Override
    String flyctlStrategy() {
        return "immediate";
    }

    @Override
    public List<Guarantee> guarantees() {
        List<Guarantee> out = new ArrayList<>(machineryGuarantees());
        out.add(converged());
        out.add(new Guarantee(Conditions.SURGE_BOUND, List.of(),
                "at most the app's machine count per group: in-place updates add nothing, a replacement destroys before it launches"));
        return List.copyOf(out);
    }

    /**
     * updateUsingImmediateStrategy: a pool of max-concurrent, no cancel-on-error, updateMachine on
     * every entry; errors aggregated.
     */
    static void updateUsingImmediateStrategy(MachineDeployment md, List<MachineUpdateEntry> entries) {
        md.step(Steps.UPDATE_USING_IMMEDIATE_STRATEGY, null, entries.size() + " machines, pool " + md.settings.maxConcurrent());
        TaskGroup updatesPool = md.tasks.group("immediate", md.settings.maxConcurrent(), false);
        for (MachineUpdateEntry e : entries) {
            updatesPool.go("update " + e.id(), () -> {
                try {
                    md.updateMachine(e);
                } catch (RuntimeException err) {
                    md.step(Steps.UPDATE_FAILED, e.id(), Errors.message(err));
                    throw err;
                }
                md.step(Steps.UPDATE_SUCCEEDED, e.id(), "");
                return null;
            });
        }
        try {
            updatesPool.await();
        } catch (RuntimeException first) {
            if (updatesPool.errors().size() <= 1) {
                throw first;
            }
            StringBuilder joined = new StringBuilder();
            for (Throwable t : updatesPool.errors()) {
                if (!joined.isEmpty()) {
                    joined.append('\n');
                }
                joined.append(Errors.message(t));
            }
            throw new dev.deploysim.model.deploy.DeployException(joined.toString(), first, false, Errors.isUnrecoverable(first));
        }
    }
}

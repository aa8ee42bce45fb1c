/*
 * The canary of flyctl PR #4948 ("keep canary instance during roll", open, not merged): the canary
 * is registered and serving, and destroyed only after the update phase, also when it fails.
 * Follows: superfly/flyctl PR #4948 on top of master at #5108, internal/command/deploy/
 * machines_deploymachinesapp.go (deployCanaryMachines without withDns, a deferred cleanup in
 * deployMachinesApp); everything else as CanaryStrategy. Spec 4.3 (c).
 * Divergences:
 *  - Every divergence CanaryStrategy's header lists, shared machinery (S, L, M, V, P items) included.
 *  - The cleanup destroys the canaries with cancellation deferred and reports failures as WARN steps.
 *  - A canary whose own checks fail is not destroyed (spawnMachineInGroup returns no machine on
 *    error, as on master); the cleanup only knows canaries that passed.
 *  - With deployRetries > 0 the live canary is in the app's machine list, so the recovery-path canary
 *    phase may pick it ("failed to find machine ... under app"), the caveat of spec 4.3 (c); we keep
 *    that behaviour rather than guess a fix.
 *  - Two codes: by default the PR's diff applied to master at #5108 (ad0172fac), where the health
 *    wait counts the configured checks (#4952) and a failed canary phase's canaries are destroyed by
 *    the deploy's cleanup (the PR's intent). Option prHead = true runs the PR's own head commit
 *    6ee5f59d8 instead, the code its live 0/220-failed-probes result was measured with: (1) a
 *    canary's health wait returns at once, because the launch response lists no check results
 *    (leasable_machine.go 370-372 at 6ee5f59d8; flyctl #4952 says this holds for every fresh machine,
 *    so we apply it to every launched machine without asking the API), leaving the hand-over to the
 *    ~10 s smoke window; updated machines keep the master gate (their update responses are not known
 *    to be empty); (2) the listen-address check reads GetProcesses once, without polling; (3) after a
 *    failed canary phase the canaries are destroyed with the errgroup's already-cancelled context,
 *    so no destroy request is sent and the other groups' canaries leak and keep serving (step
 *    canaryLeaked "context canceled"). The promises are the same for both codes: they need
 *    at least 2 warm machines, so an old machine serves while the canary is not yet routed, and the
 *    explorer found no counterexample with prHead = true (8,000 tries, seeds 1 and 2).
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.strategies.Conditions;
import java.util.ArrayList;
import java.util.List;

/**
 * PR #4948's canary: launched with services registered (no DNS skip_registration), smoke and
 * health checked, kept serving through the whole update phase, and destroyed afterwards whether
 * the update phase succeeded or not.
 */
public final class CanaryServingStrategy extends FlyctlStrategy {

    @Override
    public String name() {
        return "canary-serving";
    }

    @Override
    public String source() {
        return "flyctl PR #4948 on master @#5108 internal/command/deploy/machines_deploymachinesapp.go (deployCanaryMachines)";
    }

    @Override
    String flyctlStrategy() {
        return "canary";
    }

    @Override
    boolean canaryServesDuringRoll() {
        return true;
    }

    @Override
    public List<OptionSpec> options() {
        return FlyctlOptions.canaryServing();
    }

    @Override
    void preflight(DeployContext ctx) {
        CanaryStrategy.rejectMounts(ctx);
    }

    @Override
    public List<Guarantee> guarantees() {
        List<Guarantee> out = new ArrayList<>(machineryGuarantees());
        out.add(converged());
        out.add(RollingStrategy.poolReached());
        // deployRetries == 0: found by the property suite; on the recovery path the canary, alive through the roll,
        // is in the app's machine list and phase 1 may pick it (spec 4.3c's caveat): "failed to find machine ... under app"
        out.add(succeeds(SUCCEEDS_WHY + "; the legacy path", Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0)));
        // serviceChecks, minWarmMachines >= 2 and poolBelowWarmCount: found by the property suite. With no check the
        // canary's health wait passes at once and the only old machine goes down before the proxy routes to the
        // canary; and the canary is destroyed as soon as flyctl sees the last batch's checks pass, before the proxy
        // has learnt that those machines are back, so the last batch must not hold every warm machine.
        List<Guarantee.Condition> serving = List.of(
                Guarantee.when(Conditions.MIN_WARM_MACHINES, ">=", 2),
                Guarantee.when(Conditions.POOL_BELOW_WARM_COUNT, "==", true),
                Guarantee.when(Conditions.SERVICE_CHECKS, "==", true),
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_TOTAL_OUTAGE),
                Guarantee.when(Conditions.MAX_PROPAGATION_SECONDS, "<=", 2),
                Guarantee.when(Conditions.HEALTH_CHECKS, "==", true),
                Guarantee.when(Conditions.SMOKE_CHECKS, "==", true));
        String why = "the canary passes its checks (after a >= 10 s smoke check) and serves before any existing machine"
                + " is touched, and is destroyed only after the last one finished; assumes the proxy learns the canary"
                + " within flyctl's health wait";
        out.add(new Guarantee(Conditions.NEVER_ZERO_SERVING, serving, why));
        // poolWithinProxyRetries: found by the property suite; a batch larger than the proxy's retries can leave a
        // request only stale routes to machines that were just killed (the proxy has not learnt it yet).
        List<Guarantee.Condition> probes = new ArrayList<>(serving);
        probes.add(Guarantee.when(Conditions.POOL_WITHIN_PROXY_RETRIES, "==", true));
        out.add(new Guarantee(Conditions.PROBES_ALL_OK, probes, why + "; a batch no larger than the proxy's retries"
                + " leaves every request a live machine to retry on"));
        out.add(new Guarantee(Conditions.MAX_UNAVAILABLE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.HEALTH_CHECKS, "==", true), Guarantee.when(FlyctlOptions.WAIT_TIMEOUT, ">=", 120)),
                "the update phase is rolling (legacy) or the recovery path, both pooled by max-unavailable"));
        out.add(new Guarantee(Conditions.ORDER, List.of(),
                "each canary's destroy comes after the last existing machine's update finished (or failed)"));
        // Two promises, either applies: as for rolling, the recovery path's push-forward may leave a failed
        // replacement behind and launch another (found by the property suite).
        out.add(new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0),
                Guarantee.when(Conditions.MIN_MACHINES, ">=", 1),
                Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines + 1")),
                "at most one canary per process group on top of the app's machines during the roll"));
        out.add(new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.MIN_MACHINES, ">=", 1),
                Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines + 1")),
                "without faults no replacement fails, so the recovery path never launches a second one"));
        return List.copyOf(out);
    }

    /** deployCanaryMachines as in PR #4948: registered canaries, kept for the roll. */
    static void deployCanaryMachines(MachineDeployment md) {
        List<String> groups = new ArrayList<>(md.release.groups().keySet());
        md.step(Steps.DEPLOY_CANARY_MACHINES, null, groups.size() + " groups, serving during the roll");
        TaskGroup errors = md.tasks.group("deployCanaryMachines", Math.max(1, groups.size()), true);
        for (String name : groups) {
            errors.go("canary " + name, () -> {
                LeasableMachine lm;
                try {
                    lm = md.spawnMachineInGroup(name, CanaryStrategy.canaryMetadata(), false,
                            CanaryStrategy.inferCanaryGuest(md, name));
                } catch (RuntimeException err) {
                    md.step(Steps.CANARY_LEAKED, null, "Failed to create canary machine: "
                            + CanaryStrategy.firstLine(Errors.message(err)));
                    throw err;
                }
                md.addLiveCanary(lm);
                return null;
            });
        }
        try {
            errors.await();
        } catch (RuntimeException err) {
            if (md.settings.prHead()) {
                leakCanariesWithCancelledContext(md);
            }
            throw err;
        }
    }

    /**
     * PR #4948 at 6ee5f59d8 (machines_deploymachinesapp.go 350-355 and 362-373): after a failed
     * canary phase destroyCanaryMachines runs with the errgroup's context, which errgroup cancels
     * once Wait returns, so each destroy fails before a request is sent ("context canceled") and
     * the canaries of the other groups keep serving; deployMachinesApp returns before it defers the
     * cleanup of the roll (497-509), so nothing destroys them later.
     */
    private static void leakCanariesWithCancelledContext(MachineDeployment md) {
        for (LeasableMachine lm : md.takeLiveCanaries()) {
            md.step(Steps.CANARY_LEAKED, lm.id(), "failed to destroy canary machine " + lm.id() + ": context canceled");
        }
    }

    /** The deferred cleanup: force-destroys every canary once the update phase returned. */
    static void destroyCanariesAfterRoll(MachineDeployment md) {
        List<LeasableMachine> canaries = md.liveCanaries();
        if (canaries.isEmpty()) {
            return;
        }
        md.tasks.withoutCancel(() -> {
            for (LeasableMachine lm : canaries) {
                md.step(Steps.DESTROY_CANARIES_AFTER_ROLL, lm.id(), "");
                try {
                    md.api.destroy(lm.id(), true, "");
                } catch (RuntimeException e) {
                    md.step(Steps.WARN, lm.id(), "could not destroy canary machine " + lm.id() + ": " + Errors.message(e));
                }
            }
            return null;
        });
    }
}

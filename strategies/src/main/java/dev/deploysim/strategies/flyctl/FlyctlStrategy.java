package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.strategies.Conditions;
import java.util.List;

/**
 * What every ported flyctl strategy shares: flyctl's options and validation, the promises that
 * come from the shared machinery, and running {@code deployMachinesApp} with flyctl's
 * {@code md.strategy} value.
 */
abstract class FlyctlStrategy implements Strategy {

    /** flyctl's {@code --strategy} value this port runs as (canary-serving runs as "canary"). */
    abstract String flyctlStrategy();

    /** Whether canaries serve during the roll and are destroyed after it (PR #4948). */
    boolean canaryServesDuringRoll() {
        return false;
    }

    @Override
    public List<OptionSpec> options() {
        return FlyctlOptions.common();
    }

    @Override
    public void validate(Options options) {
        FlyctlOptions.validate(options);
    }

    /** Checks flyctl runs before the deploy proper (config validation); none by default. */
    void preflight(DeployContext ctx) {
    }

    @Override
    public final void deploy(DeployContext deployContext) {
        validate(deployContext.options());
        // flyctl reaches the Machines API through fly-go's flaps client and its retries (FlapsClient)
        DeployContext ctx = new DeployContext(deployContext.appName(), deployContext.release(), deployContext.options(),
                new FlapsClient(deployContext.machines(), deployContext.clock()), deployContext.clock(),
                deployContext.tasks(), deployContext.steps());
        DeploySettings settings = DeploySettings.from(ctx.options());
        MachineDeployment md = new MachineDeployment(ctx, settings, flyctlStrategy(), canaryServesDuringRoll());
        try {
            preflight(ctx);
            md.deployMachinesApp();
        } catch (RuntimeException e) {
            DeployException d = Errors.toDeployException(e);
            ctx.steps().step(Steps.DEPLOY_FAILED, null, d.getMessage());
            throw d;
        }
    }

    /** The promises of the shared machinery: leases and liveness, for every strategy. */
    static List<Guarantee> machineryGuarantees() {
        return List.of(
                // The property suite found (docs/verification.md, "Findings") that a launched machine's lease
                // (TTL = wait-timeout, never refreshed) lapses when its smoke, start and health waits together
                // outlast wait-timeout, and that a fault on the release call (an unreachable host, API errors)
                // leaves a lease to expire: hence no faults and a wait-timeout of at least 2 minutes.
                new Guarantee(Conditions.LEASE_DISCIPLINE, List.of(Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0),
                        Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(FlyctlOptions.WAIT_TIMEOUT, ">=", 120)),
                        "legacy path: leases on all machines up front, refreshed every (TTL - 1 s) / 3, released at the"
                                + " end (500 ms grace after cancellation); launched machines' leases released after their"
                                + " waits, which must end within wait-timeout (their TTL, never refreshed)"),
                new Guarantee(Conditions.LEASE_DISCIPLINE, List.of(Guarantee.when(Conditions.DEPLOY_RETRIES, ">", 0),
                        Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(FlyctlOptions.WAIT_TIMEOUT, ">=", 120)),
                        "recovery path: leases released with 5 retries 1 s apart; only a failed acquisition attempt"
                                + " (a fault) leaves earlier leases to expire instead; launched machines as on the legacy path"),
                new Guarantee(Conditions.LIVENESS, List.of(),
                        "every wait is bounded by wait-timeout, every retry loop by a fixed count, so the deploy returns"));
    }

    /**
     * succeeds: without faults, with a healthy release and a wait-timeout that covers a machine's
     * pull, boot and checks (a start within 60 s, a wait of at least 120 s), every wait ends in time and the deploy returns success;
     * {@code extra} conditions are the strategy's own (bluegreen's check).
     */
    static Guarantee succeeds(String why, Guarantee.Condition... extra) {
        List<Guarantee.Condition> conditions = new java.util.ArrayList<>(List.of(
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true),
                Guarantee.when(FlyctlOptions.WAIT_TIMEOUT, ">=", 120),
                Guarantee.when(Conditions.MAX_START_SECONDS, "<=", 60)));
        conditions.addAll(List.of(extra));
        return new Guarantee(Conditions.SUCCEEDS, conditions, why);
    }

    /** The reason of the update-in-place strategies' succeeds promise. */
    static final String SUCCEEDS_WHY = "no fault fails a call or a machine, the release passes its checks, and every"
            + " start and health wait (bounded by wait-timeout) ends before its timeout, so no step returns an error";

    /**
     * converged: a deploy without faults of a healthy release leaves every machine on the release.
     * Not for a group with no machines: flyctl creates new machines for it.
     */
    static Guarantee converged() {
        return new Guarantee(Conditions.CONVERGED, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true), Guarantee.when(Conditions.MIN_MACHINES, ">=", 1)),
                "every existing machine is updated (or replaced) with the release's config and the deploy succeeds");
    }
}

package dev.deploysim.strategies.fleet;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachinesApiException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The calls a controller makes on the app as a whole: poll its machines, launch an instance of a
 * version, bring cold machines to the release in place, and run one controller per process group.
 * API errors on a poll or a launch are not fatal: like the platforms' control loops, the caller
 * tries again on its next sync.
 */
public final class Fleet {
    /** Attempts for a cold machine's in-place update on transient errors, 1 s apart. */
    static final int COLD_UPDATE_ATTEMPTS = 3;

    private final DeployContext ctx;

    public Fleet(DeployContext ctx) {
        this.ctx = ctx;
    }

    /** Every machine of the app, or empty when the API failed this time. */
    public Optional<List<Machine>> poll() {
        try {
            return Optional.of(ctx.machines().list());
        } catch (MachinesApiException e) {
            ctx.steps().step("warn", null, "listing machines: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Every machine of the app; retries a failed list every second until it answers. */
    public List<Machine> pollUntilAnswered() {
        while (true) {
            Optional<List<Machine>> all = poll();
            if (all.isPresent()) {
                return all.get();
            }
            ctx.clock().sleep(Duration.ofSeconds(1));
        }
    }

    /**
     * Launches one instance of {@code config} in the group's region and records {@code step};
     * empty when the platform refused (no capacity, a transient error, a timeout whose machine a
     * later poll may still show).
     */
    public Optional<Machine> launch(GroupPlan plan, MachineConfig config, String step) {
        try {
            Machine m = ctx.machines().launch(LaunchInput.launch(plan.region(), config));
            ctx.steps().step(step, m.id(), plan.group() + " " + config.image());
            return Optional.of(m);
        } catch (MachinesApiException e) {
            ctx.steps().step("warn", null, step + " in " + plan.group() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Updates the group's cold machines that do not run the target version in place, under a
     * lease, keeping them stopped ({@code skip_launch}), as flyctl leaves stopped machines stopped.
     * A machine that cannot be updated is reported and left as it is.
     */
    public void updateColdInPlace(GroupPlan plan, List<Machine> all, String step) {
        for (Machine m : all) {
            if (!plan.isCold(m.id()) || Instances.runs(m, plan.target())) {
                continue;
            }
            ctx.steps().step(step, m.id(), "stays " + m.state().apiName());
            for (int attempt = 1; attempt <= COLD_UPDATE_ATTEMPTS; attempt++) {
                try {
                    updateUnderLease(m, plan.target());
                    break;
                } catch (MachinesApiException e) {
                    if (attempt == COLD_UPDATE_ATTEMPTS || !(e instanceof MachinesApiException.Transient
                            || e instanceof MachinesApiException.Timeout)) {
                        ctx.steps().step("warn", m.id(), "in-place update of a cold machine: " + e.getMessage());
                        break;
                    }
                    ctx.clock().sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    private void updateUnderLease(Machine m, MachineConfig target) {
        HeldLease lease = HeldLease.acquire(ctx, m.id(), HeldLease.TTL);
        try {
            ctx.machines().update(LaunchInput.update(m.id(), m.region(), target).withSkipLaunch(true), lease.nonce());
        } finally {
            lease.release();
        }
    }

    /**
     * Runs {@code controller} for every plan at once (the platforms update groups, services and
     * deployments independently), waits for all, and throws the first failure in group order with
     * the others suppressed (the task group's rule).
     */
    public void forEachGroup(List<GroupPlan> plans, String name, Consumer<GroupPlan> controller) {
        if (plans.isEmpty()) {
            return;
        }
        TaskGroup g = ctx.tasks().group(name, plans.size(), false);
        for (GroupPlan p : plans) {
            g.go(name + " " + p.group(), () -> {
                controller.accept(p);
                return null;
            });
        }
        g.await();
    }

    /**
     * The exception a port's deploy throws for {@code e}: a {@link DeployException} as it is,
     * anything else (an API error, a cancellation) wrapped with its message.
     */
    public static DeployException toDeployException(RuntimeException e) {
        if (e instanceof DeployException d) {
            return d;
        }
        String message = e instanceof CancelledException ? "deploy cancelled" : e.getMessage();
        return new DeployException(message == null ? e.getClass().getSimpleName() : message, e);
    }
}

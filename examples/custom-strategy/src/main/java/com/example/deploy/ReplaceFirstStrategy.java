package com.example.deploy;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.StopInput;
import dev.deploysim.strategies.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Replaces machines one at a time: launch the new one, wait until it is healthy, then destroy the old one. */
public final class ReplaceFirstStrategy implements Strategy {
    @Override
    public String name() {
        return "replace-first";
    }

    @Override
    public String source() {
        return "examples/custom-strategy (README tutorial)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                new OptionSpec("waitTimeout", OptionSpec.Type.DURATION, Duration.ofMinutes(5),
                        "how long a new machine may take to start and pass its checks"),
                new OptionSpec("settle", OptionSpec.Type.DURATION, Duration.ofSeconds(25),
                        "how long to wait after the new machine is healthy before destroying the old one"));
    }

    @Override
    public List<Guarantee> guarantees() {
        return List.of(new Guarantee(Conditions.NEVER_ZERO_SERVING,
                List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                        Guarantee.when(Conditions.MIN_WARM_MACHINES, ">=", 1),
                        Guarantee.when(Conditions.MAX_PROPAGATION_SECONDS, "<=", 20), Guarantee.when("settle", ">=", 20),
                        Guarantee.when(Conditions.SERVICE_CHECKS, "==", true)),
                "the old machine serves until the proxy has had time to learn of its replacement: the settle time"
                        + " covers the longest propagation delay, and a service check says when the new app answers"));
    }

    @Override
    public void deploy(DeployContext ctx) {
        MachinesApi api = ctx.machines();
        Duration timeout = ctx.options().getDuration("waitTimeout");
        for (Machine old : api.list()) {
            ctx.steps().step("replace", old.id(), "");
            Machine fresh = api.launch(LaunchInput.launch(old.region(), ctx.release().configFor(old.config().processGroup())));
            api.waitFor(fresh.id(), Optional.of(fresh.instanceId()), MachineState.STARTED, timeout);
            Instant deadline = ctx.clock().now().plus(timeout);
            while (!api.checks(fresh.id()).stream().allMatch(CheckStatus::passing)) {
                if (ctx.clock().now().isAfter(deadline)) {
                    throw new DeployException(fresh.id() + " did not pass its checks within " + timeout);
                }
                ctx.clock().sleep(Duration.ofSeconds(1));
            }
            ctx.clock().sleep(ctx.options().getDuration("settle"));
            Lease lease = api.acquireLease(old.id(), Duration.ofSeconds(60));
            api.stop(old.id(), StopInput.defaults(), lease.nonce());
            api.waitFor(old.id(), Optional.empty(), MachineState.STOPPED, timeout);
            api.destroy(old.id(), false, lease.nonce());
        }
    }
}

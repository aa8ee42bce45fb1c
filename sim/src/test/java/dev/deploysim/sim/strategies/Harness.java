package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Release;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import dev.deploysim.sim.process.Processes;
import dev.deploysim.sim.process.SimProcess;
import dev.deploysim.strategies.Strategies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one strategy against the scripted Machines API on the simulated process runtime and
 * records the steps it reports. One harness per test; {@link #close()} unwinds the processes.
 */
final class Harness implements AutoCloseable {

    /** One step the strategy reported, stamped with virtual time. */
    record StepEvent(long atNanos, String step, String machineId, String detail) {
    }

    /** How the deploy ended. */
    record Result(DeployException error, long endNanos) {
        boolean ok() {
            return error == null;
        }
    }

    static final String OLD_IMAGE = "registry.fly.io/app:v1";
    static final String NEW_IMAGE = "registry.fly.io/app:v2";

    final Kernel kernel = new Kernel();
    final Processes ps = new Processes(kernel);
    final ScriptedMachinesApi api = new ScriptedMachinesApi(ps);
    final List<StepEvent> steps = new ArrayList<>();
    private final TreeMap<String, MachineConfig> groups = new TreeMap<>();

    /** A web machine config of group {@code group} on {@code image} with one tcp service check. */
    static MachineConfig web(String image, String group) {
        return MachineConfig.web(image, group).withMetadata("fly_release_id", "rel-1");
    }

    /** A config without any check. */
    static MachineConfig noChecks(String image, String group) {
        return web(image, group).withChecks(List.of());
    }

    /** The release: group "app" on the new image with a tcp service check. */
    Harness() {
        groups.put("app", MachineConfig.web(NEW_IMAGE, "app"));
    }

    Harness releaseGroup(String group, MachineConfig config) {
        groups.put(group, config);
        return this;
    }

    /** {@code n} started web machines m01..mNN of group "app" on the old image. */
    Harness startedMachines(int n) {
        for (int i = 1; i <= n; i++) {
            api.machine(String.format("m%02d", i), MachineState.STARTED, web(OLD_IMAGE, "app"));
        }
        return this;
    }

    Release release() {
        return Release.of("rel-2", NEW_IMAGE, "iad", groups);
    }

    Result run(String strategy) {
        return run(strategy, Map.of());
    }

    Result run(String strategy, Map<String, ?> options) {
        return run(strategy, options, null);
    }

    /** Runs the deploy and, if {@code cancelAt} is not null, cancels it then (flyctl's Ctrl-C). */
    Result run(String strategy, Map<String, ?> options, Duration cancelAt) {
        Strategy s = Strategies.get(strategy);
        Options o = Strategies.resolveOptions(s, options);
        DeployContext ctx = new DeployContext("app", release(), o, api, ps, ps,
                (step, machineId, detail) -> steps.add(new StepEvent(kernel.nowNanos(), step, machineId, detail)));
        DeployException[] error = new DeployException[1];
        long[] end = new long[1];
        SimProcess<Void> deploy = ps.spawn("deploy", () -> {
            try {
                s.deploy(ctx);
            } catch (DeployException e) {
                error[0] = e;
            }
            end[0] = kernel.nowNanos();
            return null;
        });
        if (cancelAt != null) {
            kernel.scheduleAfter(cancelAt, "ctrl-c", deploy::cancel);
        }
        RunResult r = kernel.run(Duration.ofHours(6).toNanos(), 5_000_000);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(deploy.isDone()).isTrue();
        assertThat(ps.liveCount()).as("processes left running after the deploy").isZero();
        return new Result(error[0], end[0]);
    }

    /** Index of the first call matching op and machine (null: any), or -1. */
    int indexOf(String op, String machineId) {
        List<ScriptedMachinesApi.Call> calls = api.calls();
        for (int i = 0; i < calls.size(); i++) {
            ScriptedMachinesApi.Call c = calls.get(i);
            if (c.op().equals(op) && (machineId == null || machineId.equals(c.machineId()))) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the last call matching op and machine (null: any), or -1. */
    int lastIndexOf(String op, String machineId) {
        List<ScriptedMachinesApi.Call> calls = api.calls();
        for (int i = calls.size() - 1; i >= 0; i--) {
            ScriptedMachinesApi.Call c = calls.get(i);
            if (c.op().equals(op) && (machineId == null || machineId.equals(c.machineId()))) {
                return i;
            }
        }
        return -1;
    }

    List<StepEvent> steps(String step) {
        return steps.stream().filter(e -> e.step().equals(step)).toList();
    }

    static CheckDefinition tcp() {
        return CheckDefinition.tcpService("servicecheck-00-tcp-8080");
    }

    @Override
    public void close() {
        ps.shutdown();
    }
}

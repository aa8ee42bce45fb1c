package dev.deploysim.sim.platform;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.model.machines.StopInput;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.process.Processes;
import dev.deploysim.sim.process.SimProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The simulated Machines API bound to one actor. A call blocks the calling process for an API
 * latency (stream {@code api.latency}), then injected API faults are consulted, then the
 * platform applies the call at that instant and answers; every call, failed or not, ends in an
 * {@link ApiCall} observation.
 */
final class SimMachinesApi implements MachinesApi {
    private final World world;
    private final String actor;

    SimMachinesApi(World world, String actor) {
        this.world = world;
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /** What a call's effect produced: its value and what to record. */
    private record Done<T>(T value, String machineId, String detail) {
    }

    @FunctionalInterface
    private interface Effect<T> {
        Done<T> apply();
    }

    private <T> T call(String operation, String machineId, Effect<T> effect) {
        long startedAt = world.nowNanos();
        Processes ps = world.processes();
        String id = machineId == null ? "" : machineId;
        try {
            ps.sleepNanos(world.platform().apiLatencySeconds().sampleNanos(world.apiLatencyStream));
            String holder = id.isEmpty() ? "" : world.leaseHolder(id);
            Faults.ApiFault fault = world.faults().apiFault(operation, id.isEmpty() ? null : world.machineOrNull(id), world.nowNanos(),
                    world.stream(World.STREAM_FAULT_API));
            if (fault != null && fault.kind() == Faults.ApiFaultKind.ERRORS) {
                MachinesApiException e = new MachinesApiException.Transient(operation, fault.status());
                record(startedAt, operation, id, holder, e);
                throw e;
            }
            if (fault != null) {
                if (fault.applied() && !operation.equals("waitFor")) {
                    try {
                        effect.apply();
                    } catch (MachinesApiException ignored) {
                        // the caller never learns what the platform answered
                    }
                }
                ps.sleepNanos(fault.timeoutNanos());
                MachinesApiException e = new MachinesApiException.Timeout(operation + " " + id
                        + (fault.applied() ? " (applied)" : " (not applied)"));
                record(startedAt, operation, id, holder, e);
                throw e;
            }
            try {
                Done<T> done = effect.apply();
                world.emit(new ApiCall(world.nowNanos(), startedAt, actor, operation,
                        done.machineId().isEmpty() ? id : done.machineId(), holder, "", done.detail()));
                return done.value();
            } catch (MachinesApiException e) {
                record(startedAt, operation, id, holder, e);
                throw e;
            }
        } catch (CancelledException e) {
            world.emit(new ApiCall(world.nowNanos(), startedAt, actor, operation, id, "", "Cancelled",
                    String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private void record(long startedAt, String operation, String id, String holder, MachinesApiException e) {
        world.emit(new ApiCall(world.nowNanos(), startedAt, actor, operation, id, holder, e.getClass().getSimpleName(),
                e.getMessage()));
    }

    private static <T> Done<T> done(T value) {
        return new Done<>(value, "", "");
    }

    private static Done<Void> nothing() {
        return new Done<>(null, "", "");
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<Machine> list() {
        return call("list", "", () -> {
            List<Machine> out = new ArrayList<>();
            for (SimMachine m : world.visibleMachines()) {
                out.add(world.snapshot(m, actor));
            }
            return new Done<>(out, "", out.size() + " machines");
        });
    }

    @Override
    public Machine get(String machineId) {
        return call("get", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            return new Done<>(world.snapshot(m, actor), "", m.state.apiName());
        });
    }

    /**
     * flaps GetProcesses: the platform's fact is whether the current version's app answers
     * requests ({@code appReady}); an app that answers has bound its service ports.
     */
    @Override
    public boolean listening(String machineId) {
        return call("listening", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            boolean bound = m.state == MachineState.STARTED && m.appReady && m.config.hasServices();
            return new Done<>(bound, "", bound ? "service ports bound" : "service ports not bound");
        });
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public Machine launch(LaunchInput input) {
        Objects.requireNonNull(input, "input");
        return call("launch", "", () -> {
            Machine m = world.lifecycle().launch(actor, input);
            return new Done<>(m, m.id(), "instance " + m.instanceId());
        });
    }

    @Override
    public Machine update(LaunchInput input, String nonce) {
        Objects.requireNonNull(input, "input");
        String id = input.id().orElse("");
        return call("update", id, () -> {
            SimMachine m = world.requireMachine(id);
            world.requireReachable(m);
            world.leases().requireFor(m, nonce);
            world.lifecycle().update(m, input);
            return new Done<>(world.snapshot(m, actor), "", "instance " + m.instanceId);
        });
    }

    @Override
    public void start(String machineId, String nonce) {
        call("start", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            world.leases().requireFor(m, nonce);
            world.lifecycle().start(m);
            return nothing();
        });
    }

    @Override
    public void stop(String machineId, StopInput input, String nonce) {
        StopInput in = input == null ? StopInput.defaults() : input;
        call("stop", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            world.leases().requireFor(m, nonce);
            world.lifecycle().stop(m, in.timeout());
            return nothing();
        });
    }

    @Override
    public void destroy(String machineId, boolean force, String nonce) {
        call("destroy", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            if (!force) {
                world.requireReachable(m);
            }
            world.leases().requireFor(m, nonce);
            world.lifecycle().destroy(m, force);
            return new Done<>(null, "", force ? "force" : "");
        });
    }

    @Override
    public void waitFor(String machineId, Optional<String> instanceId, MachineState state, Duration timeout) {
        Objects.requireNonNull(state, "state");
        Optional<String> instance = instanceId == null ? Optional.empty() : instanceId;
        call("waitFor", machineId, () -> {
            awaitState(machineId, instance, state, World.nanos(timeout));
            return new Done<>(null, "", state.apiName() + instance.map(i -> " instance " + i).orElse(""));
        });
    }

    private void awaitState(String id, Optional<String> instanceId, MachineState state, long timeoutNanos) {
        long deadline = world.nowNanos() + timeoutNanos;
        while (true) {
            SimMachine m = world.machineOrNull(id);
            if (m == null) {
                throw new MachinesApiException.NotFound(id);
            }
            if (m.isDestroyed()) {
                if (state == MachineState.DESTROYED) {
                    return;
                }
                throw new MachinesApiException.NotFound(id);
            }
            if (m.hostStatus == HostStatus.UNREACHABLE) {
                throw new MachinesApiException.HostUnreachable(id);
            }
            if (m.state == state && (instanceId.isEmpty() || instanceId.get().equals(m.instanceId))) {
                return;
            }
            long remaining = deadline - world.nowNanos();
            if (remaining <= 0) {
                throw new MachinesApiException.Timeout("waiting for machine " + id + " to be " + state.apiName()
                        + instanceId.map(i -> " (instance " + i + ")").orElse("") + ", still " + m.state.apiName());
            }
            awaitChange(m, remaining);
        }
    }

    /**
     * Blocks the calling process until machine {@code m} changes or {@code maxNanos} pass. The
     * process runtime has no condition variable, so a child process sleeps for the remaining
     * time and a change cancels it: the caller, awaiting that child, wakes at the change.
     */
    private void awaitChange(SimMachine m, long maxNanos) {
        Processes ps = world.processes();
        SimProcess<Boolean> sleeper = ps.spawn("waitFor " + m.id, () -> {
            try {
                ps.sleepNanos(maxNanos);
                return false;
            } catch (CancelledException changed) {
                return true;
            }
        });
        Runnable unwatch = world.watch(m, sleeper::cancel);
        try {
            ps.await(sleeper, Tasks.FOREVER);
        } catch (CancelledException e) {
            if (ps.cancelled()) {
                throw e; // the caller itself was cancelled
            }
            // the change came before the sleeper first ran: it ended cancelled, which is the signal
        } finally {
            unwatch.run();
            sleeper.cancel();
            sleeper.failureNow(); // marks any failure observed: a sleeper cancelled unstarted is no error
        }
    }

    // ---------------------------------------------------------------- leases

    @Override
    public Lease acquireLease(String machineId, Duration ttl) {
        return call("acquireLease", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            Lease l = world.leases().acquire(m, actor, Math.max(1, World.nanos(ttl)));
            return new Done<>(l, "", "nonce " + l.nonce());
        });
    }

    @Override
    public Lease refreshLease(String machineId, Duration ttl, String nonce) {
        return call("refreshLease", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            Lease l = world.leases().refresh(m, nonce, Math.max(1, World.nanos(ttl)));
            return new Done<>(l, "", "nonce " + l.nonce());
        });
    }

    @Override
    public void releaseLease(String machineId, String nonce) {
        call("releaseLease", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            world.leases().release(m, nonce);
            return nothing();
        });
    }

    // ---------------------------------------------------------------- registration and metadata

    @Override
    public void cordon(String machineId, String nonce) {
        call("cordon", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            world.leases().requireFor(m, nonce);
            world.lifecycle().setCordoned(m, true);
            return nothing();
        });
    }

    @Override
    public void uncordon(String machineId, String nonce) {
        call("uncordon", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            world.leases().requireFor(m, nonce);
            world.lifecycle().setCordoned(m, false);
            return nothing();
        });
    }

    @Override
    public void setMetadata(String machineId, String key, String value, String nonce) {
        Objects.requireNonNull(key, "key");
        call("setMetadata", machineId, () -> {
            SimMachine m = world.requireMachine(machineId);
            world.requireReachable(m);
            world.leases().requireFor(m, nonce);
            world.lifecycle().setMetadata(m, key, value);
            return done(null);
        });
    }

    @Override
    public String toString() {
        return "MachinesApi(" + actor + ")";
    }
}

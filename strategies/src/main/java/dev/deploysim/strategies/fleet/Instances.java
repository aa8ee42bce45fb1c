package dev.deploysim.strategies.fleet;

import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;

/**
 * How a machine reads as an instance of a process group: active (running or on its way), ready,
 * cold, and which version it runs. These are the only judgements the ports make about a machine's
 * state, so that "a pod", "an allocation" and "a task" mean the same machines everywhere.
 */
public final class Instances {
    private Instances() {
    }

    /**
     * Whether {@code m} runs or is on its way to running: created, starting, started, updating,
     * replacing or restarting. Failed, stopped, suspended and destroyed machines are not active:
     * Kubernetes' ReplicaSet would not count such a pod, Nomad such an allocation, ECS such a task.
     */
    public static boolean isActive(Machine m) {
        return switch (m.state()) {
            case CREATING, CREATED, STARTING, STARTED, UPDATING, REPLACING, RESTARTING -> true;
            default -> false;
        };
    }

    /** Whether {@code m} runs a process now (so a graceful stop applies). */
    public static boolean isRunning(Machine m) {
        return switch (m.state()) {
            case STARTING, STARTED, UPDATING, REPLACING, RESTARTING, STOPPING -> true;
            default -> false;
        };
    }

    /**
     * Ready: started with every configured check passing (service and top-level, the nearest
     * thing a machine has to a readiness probe); started alone when the config has no check.
     */
    public static boolean isReady(Machine m) {
        return m.state() == MachineState.STARTED && (!m.config().hasChecks() || m.allChecksPassing());
    }

    /**
     * Cold before a deploy: stopped, suspended or created without being started. fly keeps such
     * machines as capacity the proxy may start; the platforms ported here have no such thing, so
     * the ports leave them out of the rollout and update them in place, still stopped.
     */
    public static boolean isCold(Machine m) {
        return switch (m.state()) {
            case STOPPED, STOPPING, SUSPENDED, SUSPENDING, CREATED -> true;
            default -> false;
        };
    }

    /** Whether {@code m} runs the version {@code config} describes (the image is the version). */
    public static boolean runs(Machine m, MachineConfig config) {
        return m.image().equals(config.image());
    }
}

package dev.deploysim.sim.scenario;

import dev.deploysim.sim.random.Distribution;
import java.util.List;
import java.util.Objects;

/**
 * One fault declared in a scenario: what it does ({@link #kind()}), what it hits, when it starts,
 * and its parameters. Faults are data here; the world's fault injector executes them. Every fault
 * with a window heals when the window ends, so a run has a fault phase and then must converge.
 */
public sealed interface Fault {

    /**
     * The Machines API operations an API fault can name (the methods of
     * {@link dev.deploysim.model.machines.MachinesApi}); an empty list means all of them.
     */
    List<String> API_OPERATIONS = List.of("list", "get", "launch", "update", "start", "stop", "destroy", "waitFor",
            "acquireLease", "refreshLease", "releaseLease", "cordon", "uncordon", "setMetadata", "checks",
            "listening");

    FaultKind kind();

    FaultTarget target();

    FaultTime when();

    /** Which version a crashing machine must be running. */
    enum Version {
        OLD, NEW, ANY;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How a bad release misbehaves. */
    enum BadReleaseMode {
        /** The new version runs but never passes its checks. */
        NEVER_HEALTHY("never-healthy"),
        /** The new version exits soon after every start and is restarted. */
        CRASH_LOOP("crash-loop");

        private final String jsonName;

        BadReleaseMode(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** A machine's VM dies (with a group target: one machine of the group running {@code version}). */
    record MachineCrash(FaultTarget target, FaultTime when, Version version) implements Fault {
        public MachineCrash {
            requireTarget(FaultKind.MACHINE_CRASH, target, when);
            Objects.requireNonNull(version, "version");
        }

        @Override
        public FaultKind kind() {
            return FaultKind.MACHINE_CRASH;
        }
    }

    /** The next {@code attempts} boots of the target fail. */
    record BootFailure(FaultTarget target, FaultTime when, int attempts) implements Fault {
        public BootFailure {
            requireTarget(FaultKind.BOOT_FAILURE, target, when);
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
            }
        }

        @Override
        public FaultKind kind() {
            return FaultKind.BOOT_FAILURE;
        }
    }

    /** The new version misbehaves as {@code mode} on the target. */
    record BadRelease(FaultTarget target, FaultTime when, BadReleaseMode mode) implements Fault {
        public BadRelease {
            requireTarget(FaultKind.BAD_RELEASE, target, when);
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public FaultKind kind() {
            return FaultKind.BAD_RELEASE;
        }
    }

    /** Boots starting within the window take {@code extraSeconds} longer. */
    record SlowBoot(FaultTarget target, FaultTime when, Distribution extraSeconds, double durationSeconds)
            implements Fault {
        public SlowBoot {
            requireTarget(FaultKind.SLOW_BOOT, target, when);
            Objects.requireNonNull(extraSeconds, "extraSeconds");
            requireWindow(durationSeconds);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.SLOW_BOOT;
        }
    }

    /** API calls fail with transient errors at {@code rate} within the window. */
    record ApiErrors(FaultTarget target, FaultTime when, double rate, List<String> operations, double durationSeconds)
            implements Fault {
        public ApiErrors {
            requireTarget(FaultKind.API_ERRORS, target, when);
            requireRate(rate);
            operations = requireOperations(operations);
            requireWindow(durationSeconds);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.API_ERRORS;
        }
    }

    /** API calls time out at {@code rate} within the window. */
    record ApiTimeouts(FaultTarget target, FaultTime when, double rate, List<String> operations, double durationSeconds)
            implements Fault {
        public ApiTimeouts {
            requireTarget(FaultKind.API_TIMEOUTS, target, when);
            requireRate(rate);
            operations = requireOperations(operations);
            requireWindow(durationSeconds);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.API_TIMEOUTS;
        }
    }

    /** Another actor holds the machine's lease for the window. */
    record LeaseHeld(FaultTarget target, FaultTime when, double durationSeconds) implements Fault {
        public LeaseHeld {
            requireTarget(FaultKind.LEASE_HELD, target, when);
            requireWindow(durationSeconds);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.LEASE_HELD;
        }
    }

    /** The machine's host is unreachable for the window. */
    record HostUnreachable(FaultTarget target, FaultTime when, double durationSeconds) implements Fault {
        public HostUnreachable {
            requireTarget(FaultKind.HOST_UNREACHABLE, target, when);
            requireWindow(durationSeconds);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.HOST_UNREACHABLE;
        }
    }

    /** Propagation delays come from {@code propagationSeconds} for the window. */
    record PropagationSpike(FaultTarget target, FaultTime when, Distribution propagationSeconds, double durationSeconds)
            implements Fault {
        public PropagationSpike {
            requireTarget(FaultKind.PROPAGATION_SPIKE, target, when);
            Objects.requireNonNull(propagationSeconds, "propagationSeconds");
            requireWindow(durationSeconds);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.PROPAGATION_SPIKE;
        }
    }

    /** Launches in the region fail for lack of capacity for the window. */
    record CapacityExhausted(FaultTarget target, FaultTime when, double durationSeconds) implements Fault {
        public CapacityExhausted {
            requireTarget(FaultKind.CAPACITY_EXHAUSTED, target, when);
            requireWindow(durationSeconds);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.CAPACITY_EXHAUSTED;
        }
    }

    /** The deploy is aborted (Ctrl-C). */
    record Abort(FaultTarget target, FaultTime when) implements Fault {
        public Abort {
            requireTarget(FaultKind.ABORT, target, when);
        }

        @Override
        public FaultKind kind() {
            return FaultKind.ABORT;
        }
    }

    private static void requireTarget(FaultKind kind, FaultTarget target, FaultTime when) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(when, "when");
        if (!kind.targets().contains(target.kind())) {
            throw new IllegalArgumentException(kind.jsonName() + " cannot target "
                    + (target.kind().equals("app") ? "the app" : "a " + target.kind())
                    + "; it targets: " + String.join(", ", kind.targets()));
        }
    }

    private static void requireWindow(double durationSeconds) {
        if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("durationSeconds must be a finite number > 0, was " + durationSeconds);
        }
    }

    private static void requireRate(double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in (0, 1], was " + rate);
        }
    }

    private static List<String> requireOperations(List<String> operations) {
        List<String> copy = List.copyOf(operations);
        for (String op : copy) {
            if (!API_OPERATIONS.contains(op)) {
                throw new IllegalArgumentException("unknown operation '" + op + "'; known: " + String.join(", ", API_OPERATIONS));
            }
        }
        return copy;
    }
}

package dev.deploysim.sim.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of fault a scenario can declare, each with the JSON {@code type} that names it, the
 * targets it accepts and its parameters (besides {@code type}, {@code target} and the time).
 */
public enum FaultKind {
    /** A machine's VM dies; parameter {@code version}: which version it must be running (old, new, any). */
    MACHINE_CRASH("machine-crash", List.of("machine", "group"), List.of("version")),
    /** The next {@code attempts} boots of the target fail (the machine ends up failed). */
    BOOT_FAILURE("boot-failure", List.of("machine", "group"), List.of("attempts")),
    /** The new version is bad: it never passes its checks, or it crash-loops ({@code mode}). */
    BAD_RELEASE("bad-release", List.of("group", "app"), List.of("mode")),
    /** Boots starting within the window take {@code extraSeconds} longer (an image-pull tail). */
    SLOW_BOOT("slow-boot", List.of("machine", "group", "app"), List.of("extraSeconds", "durationSeconds")),
    /** Machines API calls fail with a transient error (408/429/5xx) at {@code rate} within the window. */
    API_ERRORS("api-errors", List.of("app", "group", "machine"), List.of("rate", "operations", "durationSeconds")),
    /** Machines API calls time out at {@code rate} within the window. */
    API_TIMEOUTS("api-timeouts", List.of("app", "group", "machine"), List.of("rate", "operations", "durationSeconds")),
    /** Another actor holds the machine's lease for the window ("lease currently held by"). */
    LEASE_HELD("lease-held", List.of("machine"), List.of("durationSeconds")),
    /** The machine's host is unreachable for the window (host status unreachable). */
    HOST_UNREACHABLE("host-unreachable", List.of("machine"), List.of("durationSeconds")),
    /** Proxy propagation delays are drawn from {@code propagationSeconds} instead for the window. */
    PROPAGATION_SPIKE("propagation-spike", List.of("app"), List.of("propagationSeconds", "durationSeconds")),
    /** Launches in the region fail with "could not reserve resource" for the window. */
    CAPACITY_EXHAUSTED("capacity-exhausted", List.of("region"), List.of("durationSeconds")),
    /** The deploy is aborted (Ctrl-C): its context is cancelled. */
    ABORT("abort", List.of("app"), List.of());

    private final String jsonName;
    private final List<String> targets;
    private final List<String> parameters;

    FaultKind(String jsonName, List<String> targets, List<String> parameters) {
        this.jsonName = jsonName;
        this.targets = targets;
        this.parameters = parameters;
    }

    /** The {@code type} value in a scenario file. */
    public String jsonName() {
        return jsonName;
    }

    /** The target kinds ({@link FaultTarget#kind()}) this fault accepts. */
    public List<String> targets() {
        return targets;
    }

    /** Whether {@code target} may be omitted: only when the app is the one thing it can hit. */
    public boolean targetDefaultsToApp() {
        return targets.equals(List.of("app"));
    }

    /** Its parameters' JSON names, in echo order. */
    public List<String> parameters() {
        return parameters;
    }

    /** The kind whose JSON name is {@code name}, or null. */
    public static FaultKind byJsonName(String name) {
        for (FaultKind k : values()) {
            if (k.jsonName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** Every JSON name, in declaration order. */
    public static List<String> jsonNames() {
        List<String> out = new ArrayList<>();
        for (FaultKind k : values()) {
            out.add(k.jsonName);
        }
        return out;
    }
}

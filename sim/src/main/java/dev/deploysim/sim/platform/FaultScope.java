package dev.deploysim.sim.platform;

import java.util.Objects;

/**
 * Which machines a scoped fault mechanism acts on: every machine of the app, every machine of one
 * process group, or one machine. A machine's group is the process group of its current config.
 *
 * @param group the process group, or empty for every group
 * @param machineId the machine, or empty for every machine (of {@code group})
 */
public record FaultScope(String group, String machineId) {
    public FaultScope {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(machineId, "machineId");
    }

    /** Every machine of the app. */
    public static FaultScope app() {
        return new FaultScope("", "");
    }

    /** Every machine of process group {@code group}. */
    public static FaultScope group(String group) {
        return new FaultScope(group, "");
    }

    /** Machine {@code machineId} alone. */
    public static FaultScope machine(String machineId) {
        return new FaultScope("", machineId);
    }

    /** Whether the scope is the whole app (so calls naming no machine are covered too). */
    public boolean isApp() {
        return group.isEmpty() && machineId.isEmpty();
    }

    /** Whether a machine with {@code id} in process group {@code processGroup} is in scope. */
    public boolean covers(String id, String processGroup) {
        return (group.isEmpty() || group.equals(processGroup)) && (machineId.isEmpty() || machineId.equals(id));
    }

    boolean covers(SimMachine m) {
        return m == null ? isApp() : covers(m.id, m.config.processGroup());
    }

    /** How observations name it: {@code app}, {@code group web} or {@code machine 0a1b...}. */
    @Override
    public String toString() {
        if (!machineId.isEmpty()) {
            return "machine " + machineId;
        }
        return group.isEmpty() ? "app" : "group " + group;
    }
}

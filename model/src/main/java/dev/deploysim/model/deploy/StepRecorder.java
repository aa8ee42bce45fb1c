package dev.deploysim.model.deploy;

/**
 * Where a strategy reports the step it is in, using flyctl's step names
 * ({@code createGreenMachines}, {@code updateMachine}, ...); the simulator turns each call into
 * a strategy-step observation.
 */
@FunctionalInterface
public interface StepRecorder {

    /**
     * Records that {@code step} happened, optionally about one machine.
     *
     * @param step flyctl's name for the step
     * @param machineId the machine concerned, or null
     * @param detail free text, or empty
     */
    void step(String step, String machineId, String detail);

    /** A recorder that drops everything. */
    static StepRecorder none() {
        return (step, machineId, detail) -> { };
    }
}

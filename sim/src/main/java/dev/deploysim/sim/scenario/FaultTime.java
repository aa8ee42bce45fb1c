package dev.deploysim.sim.scenario;

import java.util.Objects;

/**
 * When a fault starts: at a fixed virtual time after the deploy starts, or when the strategy
 * records a given step (the k-th {@code updateMachine}, the first {@code cordonBlueMachines}, ...).
 * In JSON: {@code "atSeconds": 12.5} or {@code "trigger": {"step": "updateMachine", "occurrence": 2, "delaySeconds": 0}}.
 */
public sealed interface FaultTime {

    /** Matches every strategy step in {@link OnStep}. */
    String ANY_STEP = "any";

    /** {@code seconds} after the deploy starts. */
    record At(double seconds) implements FaultTime {
        public At {
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("atSeconds must be a finite number >= 0, was " + seconds);
            }
        }
    }

    /**
     * {@code delaySeconds} after the strategy records its {@code occurrence}-th step named
     * {@code step} ({@link #ANY_STEP} counts every step, so {@code any}/3 is the third step). A
     * trigger that never fires leaves its fault unused; reports say so.
     */
    record OnStep(String step, int occurrence, double delaySeconds) implements FaultTime {
        public OnStep {
            Objects.requireNonNull(step, "step");
            if (step.isBlank()) {
                throw new IllegalArgumentException("step must not be blank");
            }
            if (occurrence < 1) {
                throw new IllegalArgumentException("occurrence must be >= 1, was " + occurrence);
            }
            if (!(delaySeconds >= 0) || Double.isInfinite(delaySeconds)) {
                throw new IllegalArgumentException("delaySeconds must be a finite number >= 0, was " + delaySeconds);
            }
        }
    }
}

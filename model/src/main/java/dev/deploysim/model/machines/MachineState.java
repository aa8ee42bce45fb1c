package dev.deploysim.model.machines;

import java.util.Locale;

/** Machine states as the Machines API reports them (spec section 1.1). */
public enum MachineState {
    CREATING, CREATED, STARTING, STARTED, STOPPING, STOPPED, SUSPENDING, SUSPENDED,
    UPDATING, REPLACING, RESTARTING, FAILED, DESTROYING, DESTROYED, LAUNCH_FAILED, REPLACED;

    /** The API's spelling, e.g. {@code launch_failed}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Warm in the legacy path's sense: the only state the proxy routes to. */
    public boolean isStarted() {
        return this == STARTED;
    }

    /** A machine that no longer exists for routing or counting. */
    public boolean isGone() {
        return this == DESTROYING || this == DESTROYED || this == REPLACED;
    }

    /** The recovery path's "good state" after an update: started, stopped or suspended. */
    public boolean isGoodState() {
        return this == STARTED || this == STOPPED || this == SUSPENDED;
    }
}

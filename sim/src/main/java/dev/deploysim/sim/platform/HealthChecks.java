package dev.deploysim.sim.platform;

import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.CheckStatusChanged;

/**
 * flyd's health checks of started machines (docs/model.md section 7): when each check runs, what
 * it concludes, and when its result is published. A check result feeds the proxy's routing
 * truth and the API's check statuses.
 */
final class HealthChecks {
    private final World world;

    HealthChecks(World world) {
        this.world = world;
    }

    /**
     * Schedules, for every check without a pending run, its next run on the check's grid
     * ({@code started + grace + k * interval}, at or after now). Runs matter only when the app's
     * readiness changed since the last one, so the world schedules them only then: a status is
     * the same as with a run every interval, without an endless stream of events.
     *
     * <p>With {@link PlatformConfig#startupCheckIntervalSeconds()} set, a check that has not
     * passed since the machine started runs on that shorter grid from {@code started + grace}
     * until {@code started + grace + 2 * interval}, then on its own: flyd's fast re-check after a
     * start (docs/model.md, section 7).
     */
    void scheduleRuns(SimMachine m) {
        long now = world.nowNanos();
        long fast = Math.round(world.platform().startupCheckIntervalSeconds() * 1e9);
        for (SimMachine.CheckState c : m.checks.values()) {
            if (c.pendingRun != null) {
                continue;
            }
            long origin = m.startedAtNanos + World.nanos(c.definition.gracePeriod());
            long interval = Math.max(1_000_000L, World.nanos(c.definition.interval()));
            long at = nextOnGrid(now, origin, interval);
            if (fast > 0 && c.passedAtNanos < m.startedAtNanos) {
                long fastAt = nextOnGrid(now, origin, fast);
                if (fastAt < origin + 2 * interval) {
                    at = Math.min(at, fastAt);
                }
            }
            long epoch = m.epoch;
            c.pendingRun = world.kernel().schedule(at, "check " + c.definition.name() + " " + m.id,
                    () -> run(m, c, epoch));
        }
    }

    /** The first instant of {@code origin + k * step} (k >= 0) at or after {@code now}. */
    private static long nextOnGrid(long now, long origin, long step) {
        return now <= origin ? origin : origin + ((now - origin + step - 1) / step) * step;
    }

    /** flyd stops running checks on a machine that is no longer started: every check is critical again. */
    void stop(SimMachine m) {
        for (SimMachine.CheckState c : m.checks.values()) {
            if (c.pendingRun != null) {
                c.pendingRun.cancel();
                c.pendingRun = null;
            }
            if (c.status != CheckStatus.Status.CRITICAL) {
                world.emit(new CheckStatusChanged(world.nowNanos(), m.id, c.definition.name(),
                        c.definition.serviceCheck(), c.status, CheckStatus.Status.CRITICAL));
                c.status = CheckStatus.Status.CRITICAL;
            }
        }
    }

    private void run(SimMachine m, SimMachine.CheckState c, long epoch) {
        c.pendingRun = null;
        if (m.epoch != epoch || m.state != MachineState.STARTED) {
            return;
        }
        long run = ++c.runs;
        if (m.appReady) {
            apply(m, c, epoch, run, CheckStatus.Status.PASSING);
        } else {
            // an app that does not answer fails the check when the check's timeout runs out
            world.kernel().scheduleAfterNanos(World.nanos(c.definition.timeout()),
                    "check timeout " + c.definition.name() + " " + m.id,
                    () -> apply(m, c, epoch, run, CheckStatus.Status.CRITICAL));
        }
    }

    private void apply(SimMachine m, SimMachine.CheckState c, long epoch, long run, CheckStatus.Status status) {
        if (m.epoch != epoch || run <= c.appliedRun || m.checks.get(c.definition.name()) != c) {
            return;
        }
        c.appliedRun = run;
        if (c.status == status) {
            return;
        }
        if (status == CheckStatus.Status.PASSING) {
            c.passedAtNanos = world.nowNanos();
        }
        world.emit(new CheckStatusChanged(world.nowNanos(), m.id, c.definition.name(), c.definition.serviceCheck(),
                c.status, status));
        c.status = status;
        world.proxy().refresh(m);
        world.notifyWatchers(m);
    }
}

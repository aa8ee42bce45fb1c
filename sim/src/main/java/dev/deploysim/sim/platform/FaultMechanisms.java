package dev.deploysim.sim.platform;

import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.observe.Observation.FaultHealed;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.random.Distribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fault mechanisms (docs/model.md section 11): what each injected fault does to the world,
 * and when it heals. {@link World}'s public fault methods delegate here; the active faults'
 * state lives in {@link Faults}.
 */
final class FaultMechanisms {
    private final World world;
    private final Lifecycle lifecycle;

    FaultMechanisms(World world, Lifecycle lifecycle) {
        this.world = world;
        this.lifecycle = lifecycle;
    }

    /**
     * Crashes machine {@code id}'s app now if it is started: its app stops answering at once, an
     * exit event (not requested, exit code 1) is recorded, and with {@code restart} (the
     * on-failure restart policy) it boots again ({@code started → starting → started}, restart
     * count + 1), else it stays {@code stopped}.
     *
     * @return whether it crashed (false if the machine is not started)
     */
    boolean crash(String id, boolean restart) {
        SimMachine m = world.machineOrNull(id);
        if (m == null || m.state != MachineState.STARTED) {
            return false;
        }
        world.emit(new FaultInjected(world.nowNanos(), "crash", id, restart ? "restart" : "no restart"));
        lifecycle.setReady(m, false);
        if (restart) {
            m.restartCount++;
        }
        m.events.add(world.event("exit", restart ? "starting" : "stopped", false, 1, restart, m.restartCount));
        if (restart) {
            lifecycle.setState(m, MachineState.STARTING);
            lifecycle.scheduleBoot(m);
        } else {
            lifecycle.setState(m, MachineState.STOPPED);
        }
        return true;
    }

    /**
     * Crashes one started machine chosen uniformly (stream {@link World#STREAM_FAULT_CRASH}) among
     * those {@code which} selects.
     *
     * @return the crashed machine, or empty if none was eligible
     */
    Optional<String> crash(VersionSelector which, boolean restart) {
        List<String> eligible = new ArrayList<>();
        for (SimMachine m : world.machinesInIdOrder()) {
            if (m.state == MachineState.STARTED && which.matches(m.config.image(), world.app())) {
                eligible.add(m.id);
            }
        }
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        String id = eligible.get(world.stream(World.STREAM_FAULT_CRASH).nextInt(eligible.size()));
        crash(id, restart);
        return Optional.of(id);
    }

    /**
     * Makes machine {@code id}'s app stop answering for {@code period} while the machine stays
     * started (a hung process): its checks fail at their next run (after the check's timeout),
     * and the proxy keeps routing to it until it learns of that.
     *
     * @return whether it hung (false if the machine's app is not ready)
     */
    boolean hang(String id, Duration period) {
        SimMachine m = world.machineOrNull(id);
        if (m == null || m.state != MachineState.STARTED || !m.appReady) {
            return false;
        }
        world.emit(new FaultInjected(world.nowNanos(), "hang", id, "for " + Proxy.seconds(World.nanos(period))));
        lifecycle.setReady(m, false);
        long epoch = m.epoch;
        world.kernel().scheduleAfterNanos(World.nanos(period), "heal hang " + id, () -> {
            world.emit(new FaultHealed(world.nowNanos(), "hang", id));
            if (m.epoch == epoch) {
                lifecycle.setReady(m, true);
            }
        });
        return true;
    }

    /** The next {@code count} boots of machines in {@code scope} that {@code which} selects fail. */
    void failNextBoots(int count, VersionSelector which, FaultScope scope) {
        if (count <= 0) {
            return;
        }
        world.faults().bootFailures.add(new Faults.BootFailures(which, scope, count));
        world.emit(new FaultInjected(world.nowNanos(), "boot-failure", which.name().toLowerCase(java.util.Locale.ROOT),
                "next " + count + " boot(s) fail" + (scope.isApp() ? "" : " in " + scope)));
    }

    /**
     * For {@code period}, every boot of a machine in {@code scope} that starts takes an extra
     * time drawn from {@code extraSeconds} (stream {@link World#STREAM_FAULT_BOOT}): an image-pull tail.
     */
    void slowBoots(Distribution extraSeconds, Duration period, FaultScope scope) {
        long until = world.nowNanos() + World.nanos(period);
        world.faults().slowBoots.add(new Faults.SlowBoots(extraSeconds, scope, until));
        world.emit(new FaultInjected(world.nowNanos(), "slow-boot", scope.toString(), extraSeconds + " for " + Proxy.seconds(World.nanos(period))));
        world.kernel().schedule(until, "heal slow-boot", () -> {
            world.faults().expire(world.nowNanos());
            world.emit(new FaultHealed(world.nowNanos(), "slow-boot", scope.toString()));
        });
    }

    /**
     * From now on the new version is bad in {@code scope}: a machine of the scope that finishes
     * booting {@link AppSpec#newImage()} never becomes ready (its checks never pass), exactly as
     * {@link AppSpec.Group#newVersionHealthy()} false does from the start. Versions already
     * running are unaffected; it never heals.
     */
    void releaseNeverHealthy(FaultScope scope) {
        world.faults().neverHealthy.add(scope);
        world.emit(new FaultInjected(world.nowNanos(), "bad-release", scope.toString(), "the new version never becomes ready"));
    }

    /**
     * For {@code period}, calls (of {@code operations}, or all) concerning a machine in {@code scope}
     * fail with probability {@code rate} as a {@link MachinesApiException.Transient}, without
     * effect; a narrower scope than the app leaves calls that name no machine (list, launch) alone.
     */
    void injectApiErrors(double rate, Duration period, FaultScope scope, String... operations) {
        addApiWindow(Faults.ApiFaultKind.ERRORS, rate, Duration.ZERO, period, scope, operations);
    }

    /**
     * For {@code period}, calls concerning a machine in {@code scope} time out with probability
     * {@code rate}: the caller waits {@code timeout} more and gets a
     * {@link MachinesApiException.Timeout}; the platform applied the call or not, with even odds.
     */
    void injectApiTimeouts(double rate, Duration timeout, Duration period, FaultScope scope, String... operations) {
        addApiWindow(Faults.ApiFaultKind.TIMEOUTS, rate, timeout, period, scope, operations);
    }

    private void addApiWindow(Faults.ApiFaultKind kind, double rate, Duration timeout, Duration period,
                              FaultScope scope, String... operations) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in [0, 1], was " + rate);
        }
        String name = kind == Faults.ApiFaultKind.ERRORS ? "api-errors" : "api-timeouts";
        long until = world.nowNanos() + World.nanos(period);
        world.faults().apiWindows.add(new Faults.ApiWindow(kind, rate, World.nanos(timeout), until, List.of(operations), scope));
        world.emit(new FaultInjected(world.nowNanos(), name, "api", "rate " + rate + " for " + Proxy.seconds(World.nanos(period))
                + (operations.length == 0 ? "" : " on " + String.join(",", operations))
                + (scope.isApp() ? "" : " of " + scope)));
        world.kernel().schedule(until, "heal " + name, () -> {
            world.faults().expire(world.nowNanos());
            world.emit(new FaultHealed(world.nowNanos(), name, "api"));
        });
    }

    /**
     * Has {@code actor} hold machine {@code id}'s lease for {@code period}: at once if the lease
     * is free, else from the instant it is released or expires (before anyone else can take it);
     * the lease then expires at the end of the period.
     */
    void holdLease(String id, String actor, Duration period) {
        SimMachine m = world.machineOrNull(id);
        if (m == null || m.isDestroyed()) {
            return;
        }
        long hold = Math.max(1, World.nanos(period));
        Runnable tryTake = new Runnable() {
            @Override
            public void run() {
                if (m.isDestroyed()) {
                    m.watchers.remove(this);
                    return;
                }
                if (world.leases().live(m) != null) {
                    return;
                }
                m.watchers.remove(this);
                // the other actor's lease simply lapses at the end of the period
                world.leases().grant(m, actor, hold);
                world.emit(new FaultInjected(world.nowNanos(), "lease-held", id, "by " + actor + " for " + Proxy.seconds(hold)));
                world.kernel().scheduleAfterNanos(hold, "heal lease-held " + id,
                        () -> world.emit(new FaultHealed(world.nowNanos(), "lease-held", id)));
            }
        };
        m.watchers.add(tryTake);
        tryTake.run();
    }

    /**
     * Sets machine {@code id}'s host status for {@code period}, then back to ok. On a host that is
     * not ok the machine keeps running (the data plane is unaffected) but every API mutation of
     * it, and lease operations, fail with {@link MachinesApiException.HostUnreachable} when the
     * status is {@code UNREACHABLE}; a forced destroy still succeeds.
     */
    void setHostStatus(String id, HostStatus status, Duration period) {
        SimMachine m = world.machineOrNull(id);
        if (m == null || m.isDestroyed()) {
            return;
        }
        String name = "host-" + status.name().toLowerCase(java.util.Locale.ROOT);
        m.hostStatus = status;
        world.emit(new FaultInjected(world.nowNanos(), name, id, "for " + Proxy.seconds(World.nanos(period))));
        world.notifyWatchers(m);
        world.kernel().scheduleAfterNanos(World.nanos(period), "heal " + name + " " + id, () -> {
            m.hostStatus = HostStatus.OK;
            world.emit(new FaultHealed(world.nowNanos(), name, id));
            world.notifyWatchers(m);
        });
    }

    /** For {@code period}, proxy propagation delays are drawn from {@code delay} (stream {@link World#STREAM_FAULT_PROPAGATION}). */
    void spikePropagation(Distribution delay, Duration period) {
        long until = world.nowNanos() + World.nanos(period);
        world.faults().spikes.add(new Faults.Spike(delay, until));
        world.emit(new FaultInjected(world.nowNanos(), "propagation-spike", "proxy", delay + " for " + Proxy.seconds(World.nanos(period))));
        world.kernel().schedule(until, "heal propagation-spike", () -> {
            world.faults().expire(world.nowNanos());
            world.emit(new FaultHealed(world.nowNanos(), "propagation-spike", "proxy"));
        });
    }

    /**
     * For {@code period}, region {@code region} has no capacity: launches there, starts and
     * in-place updates of its machines fail with {@link MachinesApiException.CapacityExhausted}
     * ("could not reserve resource for machine", the error flyctl falls back to replace on).
     */
    void exhaustCapacity(String region, Duration period) {
        world.faults().exhaustedRegions.merge(region, 1, Integer::sum);
        world.emit(new FaultInjected(world.nowNanos(), "capacity", region, "for " + Proxy.seconds(World.nanos(period))));
        world.kernel().scheduleAfterNanos(World.nanos(period), "heal capacity " + region, () -> {
            world.faults().exhaustedRegions.merge(region, -1, Integer::sum);
            world.emit(new FaultHealed(world.nowNanos(), "capacity", region));
        });
    }

}

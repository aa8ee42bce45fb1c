package dev.deploysim.sim.platform;

import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The machine lifecycle (docs/model.md section 3): launch, in-place update, start, stop,
 * destroy, cordon and metadata as the API applies them, and the timed steps that follow (image
 * pull, boot, the app becoming ready, shutdown). Every state change goes through
 * {@link #setState}, every readiness change through {@link #setReady}, so the checks, the proxy
 * and waiters hear of each.
 */
final class Lifecycle {
    private final World world;
    private final PlatformConfig platform;

    Lifecycle(World world) {
        this.world = world;
        this.platform = world.platform();
    }

    /** Creates a machine (and starts it unless {@code skipLaunch}); returns it as created, as the API does. */
    Machine launch(String actor, LaunchInput input) {
        AppSpec app = world.app();
        String region = input.region() == null || input.region().isEmpty() ? app.primaryRegion() : input.region();
        world.requireCapacity(region, "region " + region);
        MachineConfig config = input.config();
        SimMachine m = world.newMachine(region, config, MachineState.CREATED);
        m.serviceRegistered = config.hasServices();
        m.cordoned = input.skipServiceRegistration();
        m.dnsRegistered = !config.dnsSkipRegistration();
        m.events.add(world.event("launch", "created", true, 0, false, 0));
        world.emit(new MachineLaunched(world.nowNanos(), m.id, actor, region, config.processGroup(), config.image(),
                m.instanceId, MachineState.CREATED, new TreeMap<>(config.metadata())));
        world.emitRegistration(m);
        if (input.leaseTtl().isPresent()) {
            world.leases().grant(m, actor, Math.max(1, World.nanos(input.leaseTtl().get())));
        }
        Machine created = world.snapshot(m, actor);
        if (!input.skipLaunch()) {
            m.events.add(world.event("start", "starting", true, 0, false, 0));
            setState(m, MachineState.STARTING);
            scheduleBoot(m);
        }
        return created;
    }

    void update(SimMachine m, LaunchInput input) {
        switch (m.state) {
            case UPDATING, REPLACING -> throw new MachinesApiException.ConcurrentUpdate(m.id);
            case DESTROYING, DESTROYED -> throw new MachinesApiException.InvalidState(m.id, m.state, "update");
            default -> { }
        }
        world.requireCapacity(m.region, m.id);
        MachineState prior = m.state;
        boolean wasRunning = prior == MachineState.STARTED || prior == MachineState.STARTING
                || prior == MachineState.RESTARTING;
        // The platform keeps a machine that was not running stopped (the hexclave log); a failed
        // one counts as "should run", as flyctl treats it.
        boolean startAfter = !input.skipLaunch() && (wasRunning || prior == MachineState.FAILED);
        MachineConfig old = m.config;
        MachineConfig config = input.config();
        m.config = config;
        m.instanceId = world.newInstanceId();
        m.restartCount = 0;
        world.emitMetadataDiff(m, old.metadata(), config.metadata());
        boolean regChanged = m.serviceRegistered != config.hasServices()
                || m.dnsRegistered == config.dnsSkipRegistration()
                || (input.skipServiceRegistration() && !m.cordoned);
        m.serviceRegistered = config.hasServices();
        m.dnsRegistered = !config.dnsSkipRegistration();
        if (input.skipServiceRegistration()) {
            m.cordoned = true;
        }
        if (regChanged) {
            world.emitRegistration(m);
        }
        m.events.add(world.event("update", "replacing", true, 0, false, 0));
        boolean pullFirst = platform.pullBeforeStop() && prior == MachineState.STARTED
                && !m.pulledImages.contains(config.image());
        if (pullFirst) {
            // flyd prepares the image while the old version serves; the kill signal comes after.
            m.oldVersionRunning = true;
            setState(m, MachineState.REPLACING);
            long epoch = m.epoch;
            long pull = world.sample(World.STREAM_IMAGE_PULL, platform.imagePullSeconds());
            world.kernel().scheduleAfterNanos(pull, "update pull ", m.id, () -> {
                if (m.epoch != epoch) {
                    return;
                }
                m.pulledImages.add(config.image());
                endOldVersion(m);
                killOldVersion(m, old, startAfter);
            });
            return;
        }
        setReady(m, false); // the old version has received its kill signal
        setState(m, MachineState.REPLACING);
        m.resetChecks();
        if (wasRunning) {
            killOldVersion(m, old, startAfter);
        } else if (platform.pullBeforeStop() && !m.pulledImages.contains(config.image())) {
            // a machine that was not running is replacing while flyd prepares the image (hexclave #2060)
            long epoch = m.epoch;
            long pull = world.sample(World.STREAM_IMAGE_PULL, platform.imagePullSeconds());
            world.kernel().scheduleAfterNanos(pull, "update pull ", m.id, () -> {
                if (m.epoch == epoch) {
                    m.pulledImages.add(config.image());
                    afterStop(m, startAfter);
                }
            });
        } else {
            afterStop(m, startAfter);
        }
    }

    /** The old version of an update that pulled first gets its kill signal: it stops answering and its checks end. */
    private void endOldVersion(SimMachine m) {
        stopOldVersionApp(m);
        world.proxy().refresh(m);
        world.notifyWatchers(m);
    }

    /** The old version of a pull-first update stops: its app no longer answers, its checks end, the new config's start critical. */
    private void stopOldVersionApp(SimMachine m) {
        m.oldVersionRunning = false;
        setReady(m, false);
        world.checks().stop(m);
        m.resetChecks();
    }

    /** Signals the old version of an update; once it exited, boots the new one (or leaves it stopped). */
    private void killOldVersion(SimMachine m, MachineConfig old, boolean startAfter) {
        long epoch = m.epoch;
        long stop = Math.min(world.sample(World.STREAM_APP_SHUTDOWN, platform.appShutdownSeconds()),
                World.nanos(old.killTimeout()));
        world.kernel().scheduleAfterNanos(stop, "update stop ", m.id, () -> {
            if (m.epoch != epoch) {
                return;
            }
            m.events.add(world.event("exit", "stopped", true, 0, false, 0));
            afterStop(m, startAfter);
        });
    }

    private void afterStop(SimMachine m, boolean startAfter) {
        if (startAfter) {
            scheduleBoot(m);
        } else {
            setState(m, MachineState.STOPPED);
        }
    }

    void start(SimMachine m) {
        switch (m.state) {
            case STARTED, STARTING -> {
                return;
            }
            case STOPPED, CREATED, FAILED, SUSPENDED -> {
                world.requireCapacity(m.region, m.id);
                m.events.add(world.event("start", "starting", true, 0, false, 0));
                setState(m, MachineState.STARTING);
                scheduleBoot(m);
            }
            default -> throw new MachinesApiException.InvalidState(m.id, m.state, "start");
        }
    }

    void stop(SimMachine m, Optional<Duration> timeout) {
        switch (m.state) {
            case STOPPED, CREATED, FAILED, STOPPING, SUSPENDED -> {
                return;
            }
            case STARTED, STARTING, RESTARTING -> {
                long kill = World.nanos(timeout.orElse(m.config.killTimeout()));
                long stop = Math.min(world.sample(World.STREAM_APP_SHUTDOWN, platform.appShutdownSeconds()), kill);
                setReady(m, false);
                setState(m, MachineState.STOPPING);
                long epoch = m.epoch;
                world.kernel().scheduleAfterNanos(stop, "stop ", m.id, () -> {
                    if (m.epoch != epoch) {
                        return;
                    }
                    m.events.add(world.event("exit", "stopped", true, 0, false, 0));
                    setState(m, MachineState.STOPPED);
                });
            }
            default -> throw new MachinesApiException.InvalidState(m.id, m.state, "stop");
        }
    }

    void destroy(SimMachine m, boolean force) {
        boolean running = switch (m.state) {
            case STARTED, STARTING, STOPPING, REPLACING, UPDATING, RESTARTING -> true;
            default -> false;
        };
        if (m.state == MachineState.DESTROYING) {
            return;
        }
        if (running && !force) {
            throw new MachinesApiException.InvalidState(m.id, m.state, "destroy (not stopped; use force)");
        }
        setReady(m, false);
        if (running) {
            m.events.add(world.event("exit", "destroying", true, 137, false, 0));
        }
        setState(m, MachineState.DESTROYING);
        long epoch = m.epoch;
        world.kernel().scheduleAfterNanos(world.sample(World.STREAM_DESTROY, platform.destroySeconds()), "destroy ", m.id, () -> {
            if (m.epoch != epoch) {
                return;
            }
            world.leases().drop(m);
            m.events.add(world.event("destroy", "destroyed", true, 0, false, 0));
            m.serviceRegistered = false;
            m.cordoned = false;
            m.dnsRegistered = false;
            world.emitRegistration(m);
            setState(m, MachineState.DESTROYED);
            world.emit(new MachineDestroyed(world.nowNanos(), m.id));
        });
    }

    void setCordoned(SimMachine m, boolean cordoned) {
        if (m.state == MachineState.DESTROYING) {
            throw new MachinesApiException.InvalidState(m.id, m.state, cordoned ? "cordon" : "uncordon");
        }
        if (m.cordoned == cordoned) {
            return;
        }
        m.cordoned = cordoned;
        world.emitRegistration(m);
        world.proxy().refresh(m);
        world.notifyWatchers(m);
    }

    void setMetadata(SimMachine m, String key, String value) {
        MachineConfig old = m.config;
        m.config = old.withMetadata(key, value);
        world.emitMetadataDiff(m, old.metadata(), m.config.metadata());
    }

    /** Schedules the boot of {@code m}'s current version (pull on first use of the image); the state is already set. */
    void scheduleBoot(SimMachine m) {
        long epoch = m.epoch;
        String image = m.config.image();
        boolean pull = !m.pulledImages.contains(image);
        long delay = (pull ? world.sample(World.STREAM_IMAGE_PULL, platform.imagePullSeconds()) : 0)
                + world.sample(World.STREAM_BOOT, platform.bootSeconds());
        Faults faults = world.faults();
        for (Faults.SlowBoots slow : faults.slowBootsFor(m, world.nowNanos())) {
            delay += world.sample(World.STREAM_FAULT_BOOT, slow.extra());
        }
        boolean fails = faults.consumeBootFailure(m, world.app());
        world.kernel().scheduleAfterNanos(delay, "boot ", m.id, () -> {
            if (m.epoch != epoch) {
                return;
            }
            m.pulledImages.add(image);
            if (fails) {
                m.events.add(world.event("exit", "failed", false, 1, false, m.restartCount));
                setState(m, MachineState.FAILED);
            } else {
                onBooted(m);
            }
        });
    }

    private void onBooted(SimMachine m) {
        m.startedAtNanos = world.nowNanos();
        m.events.add(world.event("start", "started", false, 0, false, m.restartCount));
        setState(m, MachineState.STARTED);
        if (!healthyVersion(m)) {
            return; // a bad release: the app never becomes ready
        }
        long epoch = m.epoch;
        world.kernel().scheduleAfterNanos(world.sample(World.STREAM_APP_READY, platform.appReadySeconds()),
                "app ready ", m.id, () -> {
                    if (m.epoch == epoch) {
                        setReady(m, true);
                    }
                });
    }

    private boolean healthyVersion(SimMachine m) {
        AppSpec app = world.app();
        if (!m.config.image().equals(app.newImage())) {
            return true;
        }
        if (world.faults().neverHealthy(m)) {
            return false;
        }
        return app.group(m.config.processGroup()).map(AppSpec.Group::newVersionHealthy).orElse(true);
    }

    void setState(SimMachine m, MachineState to) {
        MachineState from = m.state;
        if (from == to) {
            return;
        }
        m.state = to;
        m.epoch++;
        world.emit(new MachineStateChanged(world.nowNanos(), m.id, from, to, m.config.image(), m.instanceId));
        if (m.oldVersionRunning && to != MachineState.REPLACING) {
            // the machine moved on (a forced destroy) while an update still pulled: the old version dies
            stopOldVersionApp(m);
        } else if (from == MachineState.STARTED && !m.oldVersionRunning) {
            world.checks().stop(m);
        }
        world.proxy().refresh(m);
        world.notifyWatchers(m);
    }

    void setReady(SimMachine m, boolean ready) {
        if (m.appReady == ready) {
            return;
        }
        m.appReady = ready;
        world.emit(new AppReadyChanged(world.nowNanos(), m.id, m.instanceId, ready));
        if (m.state == MachineState.STARTED) {
            world.checks().scheduleRuns(m);
        }
    }
}

package dev.deploysim.sim.platform;

import dev.deploysim.model.deploy.StepRecorder;
import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineEvent;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.CheckStatusChanged;
import dev.deploysim.sim.observe.Observation.DeployFinished;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.Observation.DeployStarted;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MetadataChanged;
import dev.deploysim.sim.observe.Observation.RegistrationChanged;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.process.Processes;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.random.RandomStream;
import dev.deploysim.sim.random.Streams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulated platform of one run: an app's machines with their lifecycle, leases, host
 * status, service and DNS registration, health checks, the proxy with its lagging view, the
 * HTTP prober, and the fault mechanisms. Strategies reach it only through
 * {@link #machinesApi(String)}; everything it does is appended to its {@link ObservationLog}.
 *
 * <p>Every duration is drawn from a named stream of the run's {@link Streams} (the
 * {@code STREAM_*} constants), with the distributions of {@link PlatformConfig}; docs/model.md
 * lists each behaviour, its default and the evidence behind it.
 *
 * <p>Typical use, from the thread that drives the kernel:
 * <pre>{@code
 * Kernel kernel = new Kernel();
 * Processes processes = new Processes(kernel);
 * ObservationLog log = new ObservationLog();
 * World world = new World(processes, new Streams(seed), PlatformConfig.defaults(), ProbeConfig.defaults(),
 *         AppSpec.web(3), log);
 * world.seedApp();
 * world.startProber();
 * processes.spawn("deploy", () -> { ... world.machinesApi("flyctl") ... });
 * kernel.runUntil(limit);
 * world.stopProber();          // the prober is the only endless activity
 * kernel.runUntilQuiescent();  // in-flight probes and propagation settle
 * processes.shutdown();
 * }</pre>
 * The world is not thread-safe: it is used only by the thread holding the kernel's baton (event
 * actions and the running process).
 */
public final class World {

    /** Stream of VM boot times. */
    public static final String STREAM_BOOT = "boot";
    /** Stream of image pull times. */
    public static final String STREAM_IMAGE_PULL = "image.pull";
    /** Stream of app-ready delays. */
    public static final String STREAM_APP_READY = "app.ready";
    /** Stream of app shutdown times after the kill signal. */
    public static final String STREAM_APP_SHUTDOWN = "app.shutdown";
    /** Stream of proxy propagation delays. */
    public static final String STREAM_PROPAGATION = "propagation";
    /** Stream of Machines API latencies. */
    public static final String STREAM_API_LATENCY = "api.latency";
    /** Stream of destroy durations. */
    public static final String STREAM_DESTROY = "destroy";
    /** Stream of proxy attempt times. */
    public static final String STREAM_PROXY_REQUEST = "proxy.request";
    /** Stream of the proxy's load-balancing choices. */
    public static final String STREAM_PROXY_BALANCE = "proxy.balance";
    /** Stream of machine IDs. */
    public static final String STREAM_MACHINE_ID = "machine.id";
    /** Stream of instance (version) IDs. */
    public static final String STREAM_INSTANCE_ID = "machine.instance";
    /** Stream of lease nonces. */
    public static final String STREAM_LEASE_NONCE = "lease.nonce";
    /** Stream of injected API faults. */
    public static final String STREAM_FAULT_API = "fault.api";
    /** Stream of crash-target choices. */
    public static final String STREAM_FAULT_CRASH = "fault.crash";
    /** Stream of propagation delays during a spike. */
    public static final String STREAM_FAULT_PROPAGATION = "fault.propagation";
    /** Stream of the extra boot time during a slow-boot window. */
    public static final String STREAM_FAULT_BOOT = "fault.boot";

    /** The actor name seeded machines are attributed to. */
    public static final String SEED_ACTOR = "seed";
    /** How many machine events a snapshot shows (newest first). */
    static final int EVENTS_SHOWN = 20;
    /** Waits longer than this are capped: a wait with no deadline still ends (100 virtual years). */
    static final long MAX_WAIT_NANOS = 100L * 365 * 24 * 3600 * 1_000_000_000L;

    private final Kernel kernel;
    private final Processes processes;
    private final Streams streams;
    private final PlatformConfig platform;
    private final ProbeConfig probeConfig;
    private final AppSpec app;
    private final ObservationLog log;
    private final TreeMap<String, SimMachine> machines = new TreeMap<>();
    private final TreeSet<String> instanceIds = new TreeSet<>();
    private final Proxy proxy;
    private final Prober prober;
    private final Faults faults = new Faults();
    private final Leases leases;
    private final HealthChecks checks;
    private final Lifecycle lifecycle;
    private final FaultMechanisms faultMechanisms;
    /** The streams drawn from on every API call, probe and routing change, looked up once. */
    final RandomStream apiLatencyStream;
    final RandomStream proxyBalanceStream;
    final RandomStream proxyRequestStream;
    private final RandomStream propagationStream;
    private boolean seeded;
    private SimMachine lastFound;

    /**
     * A world on {@code processes}' kernel. Nothing exists until {@link #seedApp()}.
     *
     * @param streams the run's random streams; the world draws only from its {@code STREAM_*} names
     */
    public World(Processes processes, Streams streams, PlatformConfig platform, ProbeConfig probes, AppSpec app,
                 ObservationLog log) {
        this.processes = Objects.requireNonNull(processes, "processes");
        this.kernel = processes.kernel();
        this.streams = Objects.requireNonNull(streams, "streams");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.probeConfig = Objects.requireNonNull(probes, "probes");
        this.app = Objects.requireNonNull(app, "app");
        this.log = Objects.requireNonNull(log, "log");
        // A stream's numbers depend only on the root seed and its name, so creating these now
        // rather than on first use changes no draw.
        this.apiLatencyStream = streams.get(STREAM_API_LATENCY);
        this.proxyBalanceStream = streams.get(STREAM_PROXY_BALANCE);
        this.proxyRequestStream = streams.get(STREAM_PROXY_REQUEST);
        this.propagationStream = streams.get(STREAM_PROPAGATION);
        this.proxy = new Proxy(this);
        this.prober = new Prober(this);
        this.leases = new Leases(this);
        this.checks = new HealthChecks(this);
        this.lifecycle = new Lifecycle(this);
        this.faultMechanisms = new FaultMechanisms(this, lifecycle);
    }

    // ---------------------------------------------------------------- accessors

    public Kernel kernel() {
        return kernel;
    }

    public Processes processes() {
        return processes;
    }

    public Streams streams() {
        return streams;
    }

    public PlatformConfig platform() {
        return platform;
    }

    public ProbeConfig probeConfig() {
        return probeConfig;
    }

    public AppSpec app() {
        return app;
    }

    /** The observation log everything is recorded in. */
    public ObservationLog log() {
        return log;
    }

    /** Virtual time in nanoseconds. */
    public long nowNanos() {
        return kernel.nowNanos();
    }

    Proxy proxy() {
        return proxy;
    }

    Faults faults() {
        return faults;
    }

    Leases leases() {
        return leases;
    }

    HealthChecks checks() {
        return checks;
    }

    Lifecycle lifecycle() {
        return lifecycle;
    }

    void emit(Observation o) {
        log.append(o);
    }

    RandomStream stream(String name) {
        return streams.get(name);
    }

    long sample(String streamName, Distribution d) {
        return d.sampleNanos(streams.get(streamName));
    }

    static Instant instant(long nanos) {
        return Processes.EPOCH.plusNanos(nanos);
    }

    static long nanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return Math.min(d.toNanos(), MAX_WAIT_NANOS);
        } catch (ArithmeticException overflow) {
            return MAX_WAIT_NANOS;
        }
    }

    // ---------------------------------------------------------------- the app, the API, the prober

    /**
     * Creates the app's machines as they stand before the deploy, at the current time and with
     * no delays: per group, {@code started} machines running {@link AppSpec#currentImage()} with
     * their app ready, checks passing and the proxy already routing to them, then
     * {@code stopped} machines. IDs are 14 hex digits from {@link #STREAM_MACHINE_ID}, so their
     * sort order (which decides flyctl's roll order) is random but fixed by the seed.
     *
     * @return the new machines' IDs, sorted
     * @throws IllegalStateException if called twice
     */
    public List<String> seedApp() {
        if (seeded) {
            throw new IllegalStateException("the app is already seeded");
        }
        seeded = true;
        List<String> ids = new ArrayList<>();
        for (AppSpec.Group g : app.groups()) {
            MachineConfig config = g.config(app.currentImage());
            for (int i = 0; i < g.machines(); i++) {
                boolean started = i < g.started();
                SimMachine m = newMachine(g.region(), config, started ? MachineState.STARTED : MachineState.STOPPED);
                m.pulledImages.add(config.image());
                m.serviceRegistered = config.hasServices();
                m.dnsRegistered = !config.dnsSkipRegistration();
                ids.add(m.id);
                m.events.add(event("launch", "created", true, 0, false, 0));
                emit(new MachineLaunched(nowNanos(), m.id, SEED_ACTOR, m.region, config.processGroup(), config.image(),
                        m.instanceId, m.state, new TreeMap<>(config.metadata())));
                emitRegistration(m);
                if (started) {
                    m.startedAtNanos = nowNanos();
                    m.events.add(event("start", "started", true, 0, false, 0));
                    m.appReady = true;
                    emit(new AppReadyChanged(nowNanos(), m.id, m.instanceId, true));
                    for (SimMachine.CheckState c : m.checks.values()) {
                        c.status = CheckStatus.Status.PASSING;
                        c.passedAtNanos = nowNanos();
                        emit(new CheckStatusChanged(nowNanos(), m.id, c.definition.name(), c.definition.serviceCheck(),
                                CheckStatus.Status.CRITICAL, CheckStatus.Status.PASSING));
                    }
                    if (routableTruth(m)) {
                        proxy.seedRoutable(m);
                    }
                }
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /** The Machines API as {@code actor} (the lease owner name) sees it. Calls must come from a process. */
    public MachinesApi machinesApi(String actor) {
        return new SimMachinesApi(this, actor);
    }

    /** A step recorder that appends {@link StrategyStep} observations. */
    public StepRecorder stepRecorder() {
        return (step, machineId, detail) -> emit(new StrategyStep(nowNanos(), step, machineId, detail));
    }

    /** Records that the deploy began. */
    public void deployStarted(String strategy, String detail) {
        emit(new DeployStarted(nowNanos(), strategy, detail));
    }

    /** Records that the deploy ended. */
    public void deployFinished(DeployOutcome outcome, String detail) {
        emit(new DeployFinished(nowNanos(), outcome, detail));
    }

    /** Starts the HTTP prober (first request now, then every {@code 1 / rate}); no-op if running. */
    public void startProber() {
        prober.start();
    }

    /** Stops sending probes; requests in flight still finish (within the client timeout). */
    public void stopProber() {
        prober.stop();
    }

    public boolean proberRunning() {
        return prober.running();
    }

    /** Probes sent so far, counted by the prober itself (independently of the log). */
    public long probesSent() {
        return prober.sent();
    }

    /** Probes sent whose result is not yet in the log. */
    public long probesInFlight() {
        return prober.inFlight();
    }

    // ---------------------------------------------------------------- inspection (tests and runners; checkers read the log)

    /** A snapshot of machine {@code id} as its lease holder would see it, destroyed machines included. */
    public Optional<Machine> machine(String id) {
        SimMachine m = find(id);
        return m == null ? Optional.empty() : Optional.of(snapshot(m, null));
    }

    /** Snapshots of every machine ever created, destroyed ones included, sorted by ID. */
    public List<Machine> allMachines() {
        List<Machine> out = new ArrayList<>();
        for (SimMachine m : machines.values()) {
            out.add(snapshot(m, null));
        }
        return out;
    }

    /** Whether the proxy currently believes machine {@code id} routable. */
    public boolean proxyRoutable(String id) {
        return proxy.believesRoutable(id);
    }

    /** Whether machine {@code id}'s app can answer a request now. */
    public boolean canAnswer(String id) {
        SimMachine m = find(id);
        return m != null && m.appReady;
    }

    /**
     * Violations of the world's own invariants, empty when sound: a destroyed machine routable,
     * registered, ready or leased; a started machine without a version; a ready app on a machine
     * that is not started; a check passing on a machine that is not started; an expired lease
     * still held; the proxy's truth disagreeing with the machine's state.
     */
    public List<String> invariantViolations() {
        List<String> out = new ArrayList<>();
        long now = nowNanos();
        for (SimMachine m : machines.values()) {
            if (m.isDestroyed()) {
                if (proxy.truthRoutable(m.id)) {
                    out.add(m.id + ": destroyed but routable");
                }
                if (m.serviceRegistered || m.dnsRegistered) {
                    out.add(m.id + ": destroyed but still registered");
                }
                if (m.lease != null) {
                    out.add(m.id + ": destroyed but leased by " + m.lease.owner());
                }
            }
            if (m.state == MachineState.STARTED && (m.instanceId.isEmpty() || m.config.image().isEmpty())) {
                out.add(m.id + ": started without a version");
            }
            if (m.appReady && m.state != MachineState.STARTED && !m.oldVersionRunning) {
                out.add(m.id + ": app ready while " + m.state.apiName());
            }
            if (m.state != MachineState.STARTED && !m.oldVersionRunning) {
                for (SimMachine.CheckState c : m.checks.values()) {
                    if (c.status != CheckStatus.Status.CRITICAL) {
                        out.add(m.id + ": check " + c.definition.name() + " " + c.status + " while " + m.state.apiName());
                    }
                }
            }
            if (m.lease != null && m.lease.expiresAtNanos() < now) {
                out.add(m.id + ": lease of " + m.lease.owner() + " outlived its expiry");
            }
            if (proxy.truthRoutable(m.id) != routableTruth(m)) {
                out.add(m.id + ": proxy truth " + proxy.truthRoutable(m.id) + " disagrees with the machine");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- faults

    /**
     * Crashes machine {@code id}'s app now if it is started: its app stops answering at once, an
     * exit event (not requested, exit code 1) is recorded, and with {@code restart} (the
     * on-failure restart policy) it boots again ({@code started → starting → started}, restart
     * count + 1), else it stays {@code stopped}.
     *
     * @return whether it crashed (false if the machine is not started)
     */
    public boolean crash(String id, boolean restart) {
        return faultMechanisms.crash(id, restart);
    }

    /**
     * Crashes one started machine chosen uniformly (stream {@link #STREAM_FAULT_CRASH}) among
     * those {@code which} selects.
     *
     * @return the crashed machine, or empty if none was eligible
     */
    public Optional<String> crash(VersionSelector which, boolean restart) {
        return faultMechanisms.crash(which, restart);
    }

    /**
     * Makes machine {@code id}'s app stop answering for {@code period} while the machine stays
     * started (a hung process): its checks fail at their next run (after the check's timeout),
     * and the proxy keeps routing to it until it learns of that.
     *
     * @return whether it hung (false if the machine's app is not ready)
     */
    public boolean hang(String id, Duration period) {
        return faultMechanisms.hang(id, period);
    }

    /**
     * Makes the next {@code count} boots of machines {@code which} selects fail: at the end of
     * the boot the machine goes to {@code failed} with an exit event (exit code 1).
     */
    public void failNextBoots(int count, VersionSelector which) {
        faultMechanisms.failNextBoots(count, which, FaultScope.app());
    }

    /** {@link #failNextBoots(int, VersionSelector)} for the machines in {@code scope} only. */
    public void failNextBoots(int count, VersionSelector which, FaultScope scope) {
        faultMechanisms.failNextBoots(count, which, scope);
    }

    /**
     * For {@code period}, every boot of a machine in {@code scope} that starts takes an extra
     * time drawn from {@code extraSeconds} (stream {@link #STREAM_FAULT_BOOT}): an image-pull tail.
     */
    public void slowBoots(Distribution extraSeconds, Duration period, FaultScope scope) {
        faultMechanisms.slowBoots(extraSeconds, period, scope);
    }

    /**
     * From now on the new version is bad in {@code scope}: a machine of the scope that finishes
     * booting {@link AppSpec#newImage()} never becomes ready (its checks never pass), exactly as
     * {@link AppSpec.Group#newVersionHealthy()} false does from the start.
     */
    public void releaseNeverHealthy(FaultScope scope) {
        faultMechanisms.releaseNeverHealthy(scope);
    }

    /**
     * For {@code period}, each Machines API call (of {@code operations}, or all if none are
     * given) fails with probability {@code rate} as a {@link MachinesApiException.Transient}
     * after its usual latency, without effect.
     */
    public void injectApiErrors(double rate, Duration period, String... operations) {
        faultMechanisms.injectApiErrors(rate, period, FaultScope.app(), operations);
    }

    /** {@link #injectApiErrors(double, Duration, String...)} for calls concerning a machine in {@code scope}. */
    public void injectApiErrors(double rate, Duration period, FaultScope scope, String... operations) {
        faultMechanisms.injectApiErrors(rate, period, scope, operations);
    }

    /**
     * For {@code period}, each Machines API call (of {@code operations}, or all) times out with
     * probability {@code rate}: the caller waits {@code timeout} more and gets a
     * {@link MachinesApiException.Timeout}; the platform applied the call or not, with even odds.
     */
    public void injectApiTimeouts(double rate, Duration timeout, Duration period, String... operations) {
        faultMechanisms.injectApiTimeouts(rate, timeout, period, FaultScope.app(), operations);
    }

    /** {@link #injectApiTimeouts(double, Duration, Duration, String...)} for calls concerning a machine in {@code scope}. */
    public void injectApiTimeouts(double rate, Duration timeout, Duration period, FaultScope scope, String... operations) {
        faultMechanisms.injectApiTimeouts(rate, timeout, period, scope, operations);
    }

    /**
     * Has {@code actor} hold machine {@code id}'s lease for {@code period}: at once if the lease
     * is free, else from the instant it is released or expires (before anyone else can take it).
     */
    public void holdLease(String id, String actor, Duration period) {
        faultMechanisms.holdLease(id, actor, period);
    }

    /**
     * Sets machine {@code id}'s host status for {@code period}, then back to ok; on an
     * {@code UNREACHABLE} host every mutation and lease operation fails, a forced destroy excepted.
     */
    public void setHostStatus(String id, HostStatus status, Duration period) {
        faultMechanisms.setHostStatus(id, status, period);
    }

    /** For {@code period}, proxy propagation delays are drawn from {@code delay} (stream {@link #STREAM_FAULT_PROPAGATION}). */
    public void spikePropagation(Distribution delay, Duration period) {
        faultMechanisms.spikePropagation(delay, period);
    }

    /** For {@code period}, region {@code region} has no capacity for launches, starts and updates. */
    public void exhaustCapacity(String region, Duration period) {
        faultMechanisms.exhaustCapacity(region, period);
    }

    // ---------------------------------------------------------------- routing truth

    /**
     * Whether the proxy should route to {@code m} (what its view converges to): started, with
     * services registered, not cordoned, every service check passing (vacuous without service
     * checks; top-level checks never count), and not a DNS-unregistered machine unless
     * {@link PlatformConfig#legacyCanaryGetsTraffic()}.
     */
    boolean routableTruth(SimMachine m) {
        return (m.state == MachineState.STARTED || m.oldVersionRunning)
                && m.serviceRegistered
                && !m.cordoned
                && (platform.legacyCanaryGetsTraffic() || m.dnsRegistered)
                && m.serviceChecksPassing();
    }

    long propagationDelayNanos() {
        long base = platform.propagationSeconds().sampleNanos(propagationStream);
        Faults.Spike spike = faults.activeSpike(nowNanos());
        return spike == null ? base : sample(STREAM_FAULT_PROPAGATION, spike.delay());
    }

    // ---------------------------------------------------------------- lifecycle (called by the API and faults)

    SimMachine requireMachine(String id) {
        SimMachine m = id == null ? null : find(id);
        if (m == null || m.isDestroyed()) {
            throw new MachinesApiException.NotFound(id);
        }
        return m;
    }

    /** Machines visible to the API (not destroyed), sorted by ID. */
    List<SimMachine> visibleMachines() {
        List<SimMachine> out = new ArrayList<>();
        for (SimMachine m : machines.values()) {
            if (!m.isDestroyed()) {
                out.add(m);
            }
        }
        return out;
    }

    void requireCapacity(String region, String what) {
        if (faults.regionExhausted(region)) {
            throw new MachinesApiException.CapacityExhausted(what);
        }
    }

    void requireReachable(SimMachine m) {
        if (m.hostStatus == HostStatus.UNREACHABLE) {
            throw new MachinesApiException.HostUnreachable(m.id);
        }
    }

    /** Who holds {@code id}'s lease now, empty if nobody (or no such machine). */
    String leaseHolder(String id) {
        SimMachine m = find(id);
        return m == null ? "" : leases.holder(m);
    }

    // ---------------------------------------------------------------- waiting

    /** Registers a callback run after every change of machine {@code m}; returns a handle to remove it. */
    Runnable watch(SimMachine m, Runnable callback) {
        m.watchers.add(callback);
        return () -> m.watchers.remove(callback);
    }

    /**
     * Machine {@code id}, or null. Remembers the last machine found: a deploy's API calls come in
     * runs on one machine (acquire, update, wait, get...), and a map lookup per call showed in
     * profiles. Machines are never removed, so the remembered one never goes stale.
     */
    private SimMachine find(String id) {
        SimMachine last = lastFound;
        if (last != null && last.id.equals(id)) {
            return last;
        }
        SimMachine m = machines.get(id);
        if (m != null) {
            lastFound = m;
        }
        return m;
    }

    SimMachine machineOrNull(String id) {
        return find(id);
    }

    void notifyWatchers(SimMachine m) {
        if (m.watchers.isEmpty()) {
            return;
        }
        for (Runnable r : new ArrayList<>(m.watchers)) {
            r.run();
        }
    }

    // ---------------------------------------------------------------- snapshots and helpers

    /** The API's view of {@code m}; the lease nonce is shown only to its owner ({@code viewer}; null = everyone). */
    Machine snapshot(SimMachine m, String viewer) {
        SimMachine.LeaseState l = m.isDestroyed() ? null : leases.live(m);
        List<MachineEvent> events = new ArrayList<>();
        for (int i = m.events.size() - 1; i >= 0 && events.size() < EVENTS_SHOWN; i--) {
            events.add(m.events.get(i));
        }
        Optional<String> nonce = l == null || (viewer != null && !viewer.equals(l.owner()))
                ? Optional.empty() : Optional.of(l.nonce());
        return new Machine(m.id, m.region, m.state, m.config, m.instanceId, m.hostStatus, m.cordoned,
                m.checkStatuses(), nonce, l == null ? Optional.empty() : Optional.of(l.owner()), events,
                instant(m.createdAtNanos));
    }

    MachineEvent event(String type, String status, boolean requested, int exitCode, boolean restarting,
                               int restartCount) {
        return new MachineEvent(type, status, requested, exitCode, restarting, restartCount, instant(nowNanos()));
    }

    void emitRegistration(SimMachine m) {
        emit(new RegistrationChanged(nowNanos(), m.id, m.serviceRegistered, m.cordoned, m.dnsRegistered));
    }

    void emitMetadataDiff(SimMachine m, Map<String, String> before, Map<String, String> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String b = before.get(k);
            String a = after.get(k);
            if (!Objects.equals(a, b)) {
                emit(new MetadataChanged(nowNanos(), m.id, k, a, a != null));
            }
        }
    }

    /** A new machine of the app, registered in the world; its ID and instance ID are drawn in that order. */
    SimMachine newMachine(String region, MachineConfig config, MachineState state) {
        SimMachine m = new SimMachine(newMachineId(), region, nowNanos(), config, newInstanceId(), state);
        machines.put(m.id, m);
        return m;
    }

    /** Every machine ever created, destroyed ones included, in ID order. */
    Iterable<SimMachine> machinesInIdOrder() {
        return machines.values();
    }

    private String newMachineId() {
        RandomStream s = stream(STREAM_MACHINE_ID);
        while (true) {
            String id = hex(s.nextLong(), 14);
            if (!machines.containsKey(id)) {
                return id;
            }
        }
    }

    String newInstanceId() {
        RandomStream s = stream(STREAM_INSTANCE_ID);
        while (true) {
            String id = hex(s.nextLong(), 16).toUpperCase(java.util.Locale.ROOT);
            if (instanceIds.add(id)) {
                return id;
            }
        }
    }

    /** The last {@code digits} of {@code v} as 16 zero-padded lower-case hex digits (String.format is slow here). */
    static String hex(long v, int digits) {
        char[] out = new char[digits];
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = Character.forDigit((int) (v & 0xf), 16);
            v >>>= 4;
        }
        return new String(out);
    }
}

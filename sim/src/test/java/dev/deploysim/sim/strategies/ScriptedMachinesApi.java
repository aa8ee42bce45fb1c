package dev.deploysim.sim.strategies;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineEvent;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.model.machines.StopInput;
import dev.deploysim.sim.process.Processes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A scripted Machines API for strategy tests, in the spirit of flyctl's mock flaps client: a
 * handful of machines whose states change after fixed delays, strict lease bookkeeping, a log of
 * every call in order, and rules that make chosen calls fail. It is not the simulated platform
 * (no proxy, no probes, no randomness): it exists to pin down call order and retry behaviour.
 */
final class ScriptedMachinesApi implements MachinesApi {

    /** One API call as the strategy made it. */
    record Call(long atNanos, String op, String machineId, String nonce, String outcome) {
        boolean ok() {
            return outcome.equals("ok");
        }

        @Override
        public String toString() {
            return Duration.ofNanos(atNanos) + " " + op + " " + machineId + " nonce=" + nonce + " -> " + outcome;
        }
    }

    /** A scripted failure: the next {@code remaining} calls of {@code op} on {@code machineId} (null = any) throw. */
    private static final class Rule {
        final String op;
        final String machineId;
        int remaining;
        final Supplier<RuntimeException> error;

        Rule(String op, String machineId, int remaining, Supplier<RuntimeException> error) {
            this.op = op;
            this.machineId = machineId;
            this.remaining = remaining;
            this.error = error;
        }
    }

    private static final class FakeMachine {
        String id;
        String region;
        MachineState state;
        MachineConfig config;
        String instanceId;
        HostStatus hostStatus = HostStatus.OK;
        boolean cordoned;
        String leaseNonce = "";
        String leaseOwner = "";
        Instant leaseExpires = Instant.EPOCH;
        final List<MachineEvent> events = new ArrayList<>(); // newest first
        Instant createdAt;
        Instant startedAt;
        boolean destroyed;
        long generation;
    }

    static final String OWNER = "flyctl";

    private final Processes ps;
    private final TreeMap<String, FakeMachine> machines = new TreeMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final TreeSet<String> unhealthyImages = new TreeSet<>();
    private final TreeSet<String> crashingImages = new TreeSet<>();
    private final TreeMap<String, LaunchInput> launchInputs = new TreeMap<>();
    private final List<LaunchInput> updateInputs = new ArrayList<>();
    /**
     * Whether an update starts a machine that is not running unless the input says skip_launch
     * (the Machines API's contract, which flyctl's shouldSkipLaunch relies on: machines_launchinput.go
     * 296-315); by default a machine not started before the update stays stopped (the hexclave log).
     */
    boolean updateStartsUnlessSkipLaunch;
    private int silentLaunchSuccesses;
    private int launchesBeforeFailure = Integer.MAX_VALUE;
    private Supplier<RuntimeException> launchFailure;
    /** How long a launch that {@link #failLaunchesAfter} makes fail takes before it answers. */
    Duration launchFailureDelay = Duration.ZERO;
    private int nextLaunch = 1;
    private int nextNonce = 1;
    private int nextInstance = 1;
    Duration latency = Duration.ofMillis(50);
    Duration bootTime = Duration.ofSeconds(1);
    Duration stopTime = Duration.ofMillis(500);
    Duration checkDelay = Duration.ofSeconds(1);
    /** From a machine's start until its app has bound its service ports (unless its image never listens). */
    Duration listenDelay = Duration.ZERO;
    private final TreeSet<String> silentImages = new TreeSet<>();
    String launchPrefix = "x";

    ScriptedMachinesApi(Processes ps) {
        this.ps = ps;
    }

    // ---- set-up ----

    /** Adds a machine in {@code state} running {@code config}. */
    ScriptedMachinesApi machine(String id, MachineState state, MachineConfig config) {
        FakeMachine m = new FakeMachine();
        m.id = id;
        m.region = "iad";
        m.state = state;
        m.config = config;
        m.instanceId = "i" + (nextInstance++);
        m.createdAt = ps.now();
        if (state == MachineState.STARTED) {
            m.startedAt = ps.now().minusSeconds(3600);
            m.events.add(0, new MachineEvent("launch", "created", true, 0, false, 0, m.startedAt.minusSeconds(1)));
            m.events.add(0, new MachineEvent("start", "started", true, 0, false, 0, m.startedAt));
        }
        machines.put(id, m);
        return this;
    }

    ScriptedMachinesApi hostStatus(String id, HostStatus status) {
        machines.get(id).hostStatus = status;
        return this;
    }

    /** Another actor holds the lease on {@code id} until further notice. */
    ScriptedMachinesApi leaseHeldBy(String id, String owner) {
        FakeMachine m = machines.get(id);
        m.leaseOwner = owner;
        m.leaseNonce = "foreign";
        m.leaseExpires = Instant.MAX;
        return this;
    }

    /** Machines running {@code image} crash after booting and are restarted by the platform, again and again. */
    ScriptedMachinesApi crashLoop(String image) {
        crashingImages.add(image);
        return this;
    }

    /** Machines running {@code image} never bind their service ports (their checks are unaffected). */
    ScriptedMachinesApi neverListens(String image) {
        silentImages.add(image);
        return this;
    }

    /** Machines running {@code image} never pass their checks (nor bind their ports). */
    ScriptedMachinesApi unhealthy(String image) {
        unhealthyImages.add(image);
        return this;
    }

    /** The next {@code times} calls of {@code op} on {@code machineId} (null: any machine) throw {@code error}. */
    ScriptedMachinesApi fail(String op, String machineId, int times, Supplier<RuntimeException> error) {
        rules.add(new Rule(op, machineId, times, error));
        return this;
    }

    /** Every call of {@code op} on {@code machineId} (null: any machine) throws {@code error}. */
    ScriptedMachinesApi failAlways(String op, String machineId, Supplier<RuntimeException> error) {
        return fail(op, machineId, Integer.MAX_VALUE, error);
    }

    /** The next {@code times} launches create their machine and still answer 408 (a "silent success"). */
    ScriptedMachinesApi launchSucceedsSilently(int times) {
        silentLaunchSuccesses = times;
        return this;
    }

    /** Launches after the first {@code ok} ones throw {@code error}. */
    ScriptedMachinesApi failLaunchesAfter(int ok, Supplier<RuntimeException> error) {
        launchesBeforeFailure = ok;
        launchFailure = error;
        return this;
    }

    // ---- inspection ----

    /** The input each launched machine was created from. */
    LaunchInput launchInput(String id) {
        return launchInputs.get(id);
    }

    /** The inputs of every accepted update, in call order. */
    List<LaunchInput> updateInputs() {
        return List.copyOf(updateInputs);
    }

    /** Stops machine {@code id} now, as something outside the deploy would (a crash that is not restarted). */
    void stopNow(String id) {
        FakeMachine m = machines.get(id);
        m.generation++;
        m.state = MachineState.STOPPED;
        m.startedAt = null;
        m.events.add(0, new MachineEvent("exit", "stopped", false, 1, false, 0, ps.now()));
    }

    /** The current state of a machine, destroyed ones included. */
    MachineState state(String id) {
        return machines.get(id).state;
    }

    boolean cordoned(String id) {
        return machines.get(id).cordoned;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String op) {
        return calls.stream().filter(c -> c.op.equals(op)).toList();
    }

    List<Call> calls(String op, String machineId) {
        return calls.stream().filter(c -> c.op.equals(op) && machineId.equals(c.machineId)).toList();
    }

    /** Lease-discipline breaches the fake saw: double acquisitions by us, mutations with a wrong nonce. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Machines on which we still hold an unexpired lease. */
    List<String> leasesHeldByUs() {
        List<String> out = new ArrayList<>();
        for (FakeMachine m : machines.values()) {
            if (!m.destroyed && leaseActive(m) && m.leaseOwner.equals(OWNER)) {
                out.add(m.id);
            }
        }
        return out;
    }

    /** The machines that exist (not destroyed), by ID. */
    List<Machine> existing() {
        List<Machine> out = new ArrayList<>();
        for (FakeMachine m : machines.values()) {
            if (!m.destroyed) {
                out.add(snapshot(m));
            }
        }
        return out;
    }

    boolean exists(String id) {
        FakeMachine m = machines.get(id);
        return m != null && !m.destroyed;
    }

    // ---- the API ----

    private void enter(String op, String id, String nonce) {
        ps.sleep(latency);
        for (Rule r : rules) {
            if (r.remaining > 0 && r.op.equals(op) && (r.machineId == null || r.machineId.equals(id))) {
                if (r.remaining != Integer.MAX_VALUE) {
                    r.remaining--;
                }
                RuntimeException e = r.error.get();
                calls.add(new Call(ps.kernel().nowNanos(), op, id, nonce, "error: " + e.getMessage()));
                throw e;
            }
        }
    }

    private void ok(String op, String id, String nonce) {
        calls.add(new Call(ps.kernel().nowNanos(), op, id, nonce, "ok"));
    }

    private void fail(String op, String id, String nonce, RuntimeException e) {
        calls.add(new Call(ps.kernel().nowNanos(), op, id, nonce, "error: " + e.getMessage()));
        throw e;
    }

    private FakeMachine require(String op, String id, String nonce) {
        FakeMachine m = machines.get(id);
        if (m == null || m.destroyed) {
            fail(op, id, nonce, new MachinesApiException.NotFound(id));
        }
        return m;
    }

    private boolean leaseActive(FakeMachine m) {
        return !m.leaseNonce.isEmpty() && ps.now().isBefore(m.leaseExpires);
    }

    /** Mutations: a held lease needs its nonce; a nonce without a held lease is stale. */
    private void checkLease(String op, FakeMachine m, String nonce) {
        if (leaseActive(m)) {
            if (!m.leaseNonce.equals(nonce)) {
                if (m.leaseOwner.equals(OWNER)) {
                    violations.add(op + " " + m.id + " with nonce '" + nonce + "' while we hold '" + m.leaseNonce + "'");
                }
                fail(op, m.id, nonce, new MachinesApiException.LeaseHeld(m.id, m.leaseOwner));
            }
        } else if (!nonce.isEmpty()) {
            violations.add(op + " " + m.id + " with stale nonce '" + nonce + "'");
            fail(op, m.id, nonce, new MachinesApiException.LeaseNotFound(m.id));
        }
    }

    private Machine snapshot(FakeMachine m) {
        List<CheckStatus> checks = new ArrayList<>();
        boolean passing = m.state == MachineState.STARTED && m.startedAt != null
                && !ps.now().isBefore(m.startedAt.plus(checkDelay)) && !unhealthyImages.contains(m.config.image());
        for (CheckDefinition c : m.config.checks()) {
            checks.add(new CheckStatus(c.name(), c.serviceCheck(), passing ? CheckStatus.Status.PASSING : CheckStatus.Status.CRITICAL));
        }
        boolean held = leaseActive(m);
        return new Machine(m.id, m.region, m.state, m.config, m.instanceId, m.hostStatus, m.cordoned, checks,
                held ? Optional.of(m.leaseNonce) : Optional.empty(), held ? Optional.of(m.leaseOwner) : Optional.empty(),
                m.events, m.createdAt);
    }

    private void scheduleStart(FakeMachine m, Duration after) {
        long gen = ++m.generation;
        ps.kernel().scheduleAfter(after, "boot " + m.id, () -> {
            if (m.generation == gen && !m.destroyed) {
                m.state = MachineState.STARTED;
                m.startedAt = ps.now();
                m.events.add(0, new MachineEvent("start", "started", true, 0, false, 0, ps.now()));
                if (crashingImages.contains(m.config.image())) {
                    m.events.add(0, new MachineEvent("exit", "started", false, 1, true, 2, ps.now()));
                }
            }
        });
    }

    private void scheduleStop(FakeMachine m, Duration after) {
        long gen = ++m.generation;
        ps.kernel().scheduleAfter(after, "stop " + m.id, () -> {
            if (m.generation == gen && !m.destroyed) {
                m.state = MachineState.STOPPED;
                m.startedAt = null;
                m.events.add(0, new MachineEvent("exit", "stopped", true, 0, false, 0, ps.now()));
            }
        });
    }

    @Override
    public List<Machine> list() {
        enter("list", "", "");
        ok("list", "", "");
        return existing();
    }

    @Override
    public Machine get(String machineId) {
        enter("get", machineId, "");
        FakeMachine m = require("get", machineId, "");
        ok("get", machineId, "");
        return snapshot(m);
    }

    @Override
    public boolean listening(String machineId) {
        enter("listening", machineId, "");
        FakeMachine m = require("listening", machineId, "");
        ok("listening", machineId, "");
        return m.state == MachineState.STARTED && m.startedAt != null && !ps.now().isBefore(m.startedAt.plus(listenDelay))
                && m.config.hasServices() && !unhealthyImages.contains(m.config.image())
                && !silentImages.contains(m.config.image());
    }

    @Override
    public Machine launch(LaunchInput input) {
        enter("launch", "", "");
        if (launchesBeforeFailure-- <= 0) {
            ps.sleep(launchFailureDelay);
            fail("launch", "", "", launchFailure.get());
        }
        FakeMachine m = new FakeMachine();
        m.id = launchPrefix + String.format("%03d", nextLaunch++);
        m.region = input.region();
        m.config = input.config();
        m.instanceId = "i" + (nextInstance++);
        m.createdAt = ps.now();
        m.cordoned = input.skipServiceRegistration();
        m.events.add(0, new MachineEvent("launch", "created", true, 0, false, 0, ps.now()));
        if (input.skipLaunch()) {
            m.state = MachineState.CREATED;
        } else {
            m.state = MachineState.STARTING;
            scheduleStart(m, bootTime);
        }
        if (input.leaseTtl().isPresent()) {
            m.leaseNonce = "n" + (nextNonce++);
            m.leaseOwner = OWNER;
            m.leaseExpires = ps.now().plus(input.leaseTtl().get());
        }
        machines.put(m.id, m);
        launchInputs.put(m.id, input);
        if (silentLaunchSuccesses > 0) {
            silentLaunchSuccesses--;
            fail("launch", m.id, "", new MachinesApiException.Transient("launch", 408));
        }
        calls.add(new Call(ps.kernel().nowNanos(), "launch", m.id, "", "ok"));
        return snapshot(m);
    }

    @Override
    public Machine update(LaunchInput input, String nonce) {
        String id = input.id().orElseThrow();
        enter("update", id, nonce);
        FakeMachine m = require("update", id, nonce);
        checkLease("update", m, nonce);
        boolean keepStopped = input.skipLaunch() || !updateStartsUnlessSkipLaunch && m.state != MachineState.STARTED;
        updateInputs.add(input);
        m.config = input.config();
        m.instanceId = "i" + (nextInstance++);
        m.startedAt = null;
        m.events.add(0, new MachineEvent("update", "replacing", true, 0, false, 0, ps.now()));
        m.events.add(0, new MachineEvent("launch", "created", true, 0, false, 0, ps.now()));
        if (keepStopped) {
            m.state = MachineState.REPLACING;
            scheduleStop(m, stopTime);
        } else {
            m.state = MachineState.REPLACING;
            scheduleStart(m, stopTime.plus(bootTime));
        }
        ok("update", id, nonce);
        return snapshot(m);
    }

    @Override
    public void start(String machineId, String nonce) {
        enter("start", machineId, nonce);
        FakeMachine m = require("start", machineId, nonce);
        checkLease("start", m, nonce);
        m.state = MachineState.STARTING;
        scheduleStart(m, bootTime);
        ok("start", machineId, nonce);
    }

    @Override
    public void stop(String machineId, StopInput input, String nonce) {
        enter("stop", machineId, nonce);
        FakeMachine m = require("stop", machineId, nonce);
        checkLease("stop", m, nonce);
        m.state = MachineState.STOPPING;
        scheduleStop(m, stopTime);
        ok("stop", machineId, nonce);
    }

    @Override
    public void destroy(String machineId, boolean force, String nonce) {
        enter("destroy", machineId, nonce);
        FakeMachine m = require("destroy", machineId, nonce);
        checkLease("destroy", m, nonce);
        m.destroyed = true;
        m.state = MachineState.DESTROYED;
        m.generation++;
        m.leaseNonce = "";
        ok("destroy", machineId, nonce);
    }

    @Override
    public void waitFor(String machineId, Optional<String> instanceId, MachineState state, Duration timeout) {
        enter("waitFor", machineId, "");
        Instant deadline = ps.now().plus(timeout);
        while (true) {
            FakeMachine m = machines.get(machineId);
            if (m == null || m.destroyed) {
                if (state == MachineState.DESTROYED) {
                    ok("waitFor", machineId, "");
                    return;
                }
                fail("waitFor", machineId, "", new MachinesApiException.NotFound(machineId));
            }
            if (m.state == state && (instanceId.isEmpty() || instanceId.get().equals(m.instanceId))) {
                calls.add(new Call(ps.kernel().nowNanos(), "waitFor", machineId, "", "ok"));
                return;
            }
            Duration left = Duration.between(ps.now(), deadline);
            if (left.isZero() || left.isNegative()) {
                fail("waitFor", machineId, "", new MachinesApiException.Timeout("waiting for " + machineId + " to be " + state.apiName()));
            }
            ps.sleep(left.compareTo(Duration.ofMillis(100)) < 0 ? left : Duration.ofMillis(100));
        }
    }

    @Override
    public Lease acquireLease(String machineId, Duration ttl) {
        enter("acquireLease", machineId, "");
        FakeMachine m = require("acquireLease", machineId, "");
        if (leaseActive(m)) {
            if (m.leaseOwner.equals(OWNER)) {
                violations.add("acquireLease " + machineId + " while we already hold it");
            }
            fail("acquireLease", machineId, "", new MachinesApiException.LeaseHeld(machineId, m.leaseOwner));
        }
        m.leaseNonce = "n" + (nextNonce++);
        m.leaseOwner = OWNER;
        m.leaseExpires = ps.now().plus(ttl);
        ok("acquireLease", machineId, m.leaseNonce);
        return new Lease(machineId, m.leaseNonce, OWNER, m.leaseExpires);
    }

    @Override
    public Lease refreshLease(String machineId, Duration ttl, String nonce) {
        enter("refreshLease", machineId, nonce);
        FakeMachine m = require("refreshLease", machineId, nonce);
        if (!leaseActive(m) || !m.leaseNonce.equals(nonce)) {
            fail("refreshLease", machineId, nonce, new MachinesApiException.LeaseNotFound(machineId));
        }
        m.leaseExpires = ps.now().plus(ttl);
        ok("refreshLease", machineId, nonce);
        return new Lease(machineId, nonce, OWNER, m.leaseExpires);
    }

    @Override
    public void releaseLease(String machineId, String nonce) {
        enter("releaseLease", machineId, nonce);
        FakeMachine m = require("releaseLease", machineId, nonce);
        if (!leaseActive(m) || !m.leaseNonce.equals(nonce)) {
            fail("releaseLease", machineId, nonce, new MachinesApiException.LeaseNotFound(machineId));
        }
        m.leaseNonce = "";
        m.leaseOwner = "";
        ok("releaseLease", machineId, nonce);
    }

    @Override
    public void cordon(String machineId, String nonce) {
        enter("cordon", machineId, nonce);
        FakeMachine m = require("cordon", machineId, nonce);
        checkLease("cordon", m, nonce);
        m.cordoned = true;
        ok("cordon", machineId, nonce);
    }

    @Override
    public void uncordon(String machineId, String nonce) {
        enter("uncordon", machineId, nonce);
        FakeMachine m = require("uncordon", machineId, nonce);
        checkLease("uncordon", m, nonce);
        m.cordoned = false;
        ok("uncordon", machineId, nonce);
    }

    @Override
    public void setMetadata(String machineId, String key, String value, String nonce) {
        enter("setMetadata", machineId, nonce);
        FakeMachine m = require("setMetadata", machineId, nonce);
        checkLease("setMetadata", m, nonce);
        m.config = m.config.withMetadata(key, value);
        ok("setMetadata", machineId, nonce);
    }
}

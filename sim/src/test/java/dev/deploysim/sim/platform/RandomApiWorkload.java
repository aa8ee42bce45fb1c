package dev.deploysim.sim.platform;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.model.machines.StopInput;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.RunResult;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.process.Processes;
import dev.deploysim.sim.random.RandomStream;
import dev.deploysim.sim.random.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A random app and two actors issuing random Machines API calls with random pauses, all derived
 * from one seed, with the prober running: the workload of the platform's property and
 * determinism tests. No faults are injected.
 */
final class RandomApiWorkload {
    static final String[] ACTORS = {"flyctl", "alice@example.com"};

    final long seed;
    final Kernel kernel = new Kernel();
    final Processes ps = new Processes(kernel);
    final ObservationLog log = new ObservationLog();
    final World world;
    final RandomStream choices;
    /** Invariant violations seen after any call, with the seed and the call. */
    final List<String> violations = new ArrayList<>();
    /** How many calls each operation got and how many of them failed, for the statistics line. */
    final TreeMap<String, int[]> callStats = new TreeMap<>();
    RunResult result;

    RandomApiWorkload(long seed) {
        this.seed = seed;
        // the workload's own choices come from a different root than the world's streams
        this.choices = new Streams(seed ^ 0x5eedL).get("workload");
        this.world = new World(ps, new Streams(seed), randomPlatform(), ProbeConfig.defaults(), randomApp(), log);
    }

    private PlatformConfig randomPlatform() {
        return PlatformConfig.defaults()
                .withProxyRetries(choices.nextInt(4))
                .withProxyHoldTimeoutSeconds(choices.chance(0.5) ? 10 : 2)
                .withLegacyCanaryGetsTraffic(choices.chance(0.3));
    }

    private List<CheckDefinition> randomChecks() {
        return switch (choices.nextInt(4)) {
            case 0 -> List.of();
            case 1 -> List.of(CheckDefinition.tcpService("svc"));
            case 2 -> List.of(new CheckDefinition("top", "http", false, Duration.ofSeconds(1), Duration.ofSeconds(5),
                    Duration.ofSeconds(2)));
            default -> List.of(new CheckDefinition("svc", "http", true, Duration.ofSeconds(2), Duration.ofSeconds(3),
                    Duration.ofSeconds(1)), new CheckDefinition("top", "tcp", false, Duration.ZERO, Duration.ofSeconds(7),
                    Duration.ofSeconds(3)));
        };
    }

    private AppSpec randomApp() {
        List<AppSpec.Group> groups = new ArrayList<>();
        int n = 1 + choices.nextInt(2);
        for (int i = 0; i < n; i++) {
            groups.add(new AppSpec.Group(i == 0 ? "app" : "worker", choices.nextInt(4), choices.nextInt(3),
                    choices.chance(0.8) ? "iad" : "ord", i == 0 || choices.chance(0.5), randomChecks(),
                    Duration.ofSeconds(1 + choices.nextInt(10)), choices.chance(0.8)));
        }
        return new AppSpec("app", "img:v1", "img:v2", "iad", groups);
    }

    /** Runs the workload to quiescence; {@link #result} holds the kernel's verdict. */
    RandomApiWorkload run(int callsPerActor) {
        world.seedApp();
        world.startProber();
        ps.spawn("driver", () -> {
            TaskGroup actors = ps.group("actors", ACTORS.length, false);
            for (String actor : ACTORS) {
                actors.go(actor, () -> {
                    act(actor, callsPerActor);
                    return null;
                });
            }
            actors.await();
            ps.sleep(Duration.ofSeconds(30)); // let the last changes settle under the prober
            world.stopProber();
            return null;
        });
        result = kernel.run(Long.MAX_VALUE, 5_000_000);
        check("after quiescence");
        ps.shutdown();
        return this;
    }

    private void check(String when) {
        for (String v : world.invariantViolations()) {
            violations.add("seed " + seed + ", " + when + ": " + v);
        }
    }

    private String anyMachineId() {
        List<Machine> all = world.allMachines();
        if (all.isEmpty() || choices.chance(0.05)) {
            return "00000000000000";
        }
        return all.get(choices.nextInt(all.size())).id();
    }

    private MachineConfig randomConfig() {
        AppSpec.Group g = world.app().groups().get(choices.nextInt(world.app().groups().size()));
        MachineConfig c = g.config(choices.chance(0.7) ? world.app().newImage() : world.app().currentImage());
        if (choices.chance(0.2)) {
            c = c.withDnsSkipRegistration(true);
        }
        return c;
    }

    private void act(String actor, int calls) {
        MachinesApi api = world.machinesApi(actor);
        TreeMap<String, String> nonces = new TreeMap<>();
        for (int i = 0; i < calls; i++) {
            if (choices.chance(0.6)) {
                ps.sleep(Duration.ofMillis(choices.nextInt(5000)));
            }
            String id = anyMachineId();
            String nonce = nonces.getOrDefault(id, choices.chance(0.3) ? "stale-nonce" : "");
            int op = choices.nextInt(15);
            String name = "";
            try {
                switch (op) {
                    case 0 -> {
                        name = "list";
                        api.list();
                    }
                    case 1 -> {
                        name = "get";
                        api.get(id);
                    }
                    case 2 -> {
                        name = "launch";
                        LaunchInput in = LaunchInput.launch(choices.chance(0.8) ? "iad" : "ord", randomConfig())
                                .withSkipLaunch(choices.chance(0.2))
                                .withSkipServiceRegistration(choices.chance(0.3));
                        if (choices.chance(0.5)) {
                            in = in.withLeaseTtl(Duration.ofSeconds(5 + choices.nextInt(60)));
                        }
                        Machine m = api.launch(in);
                        m.leaseNonce().ifPresent(n -> nonces.put(m.id(), n));
                    }
                    case 3, 4 -> {
                        name = "update";
                        api.update(LaunchInput.update(id, "iad", randomConfig()).withSkipLaunch(choices.chance(0.2))
                                .withSkipServiceRegistration(choices.chance(0.1)), nonce);
                    }
                    case 5 -> {
                        name = "start";
                        api.start(id, nonce);
                    }
                    case 6 -> {
                        name = "stop";
                        api.stop(id, choices.chance(0.5) ? StopInput.defaults()
                                : new StopInput(Optional.empty(), Optional.of(Duration.ofSeconds(choices.nextInt(3)))), nonce);
                    }
                    case 7 -> {
                        name = "destroy";
                        api.destroy(id, choices.chance(0.6), nonce);
                    }
                    case 8 -> {
                        name = "waitFor";
                        MachineState[] targets = {MachineState.STARTED, MachineState.STOPPED, MachineState.DESTROYED};
                        api.waitFor(id, Optional.empty(), targets[choices.nextInt(targets.length)],
                                Duration.ofSeconds(choices.nextInt(30)));
                    }
                    case 9 -> {
                        name = "acquireLease";
                        Lease l = api.acquireLease(id, Duration.ofSeconds(1 + choices.nextInt(20)));
                        nonces.put(id, l.nonce());
                    }
                    case 10 -> {
                        name = "refreshLease";
                        api.refreshLease(id, Duration.ofSeconds(1 + choices.nextInt(20)), nonce);
                    }
                    case 11 -> {
                        name = "releaseLease";
                        api.releaseLease(id, nonce);
                        nonces.remove(id);
                    }
                    case 12 -> {
                        name = "cordon";
                        api.cordon(id, nonce);
                    }
                    case 13 -> {
                        name = "uncordon";
                        api.uncordon(id, nonce);
                    }
                    default -> {
                        name = "setMetadata";
                        api.setMetadata(id, "k" + choices.nextInt(3), choices.chance(0.2) ? null : "v" + i, nonce);
                    }
                }
                callStats.computeIfAbsent(name, k -> new int[2])[0]++;
            } catch (MachinesApiException e) {
                int[] s = callStats.computeIfAbsent(name, k -> new int[2]);
                s[0]++;
                s[1]++;
            }
            check(actor + " call " + i + " (" + name + " " + id + ")");
        }
    }
}

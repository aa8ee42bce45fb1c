package dev.deploysim.sim.strategies.beyond;

import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.ObservationLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A test oracle: one process group's instances over a deploy, replayed from the observation log
 * alone, independent of the strategies' bookkeeping. An instance counts from its launch until it
 * is destroyed or the deploy starts to take it out of service (its first call of one of the
 * "leaving" operations: stop and destroy for a pod; cordon too for an allocation or a task); it is
 * available while it also is started with every check passing, for at least {@code minReady}
 * (machines ready when seeded count as ready since before the deploy).
 */
final class Census {

    /** The counts right after everything that happened at {@code atNanos}. */
    record Sample(long atNanos, int instances, int available) {
    }

    private static final long FOREVER = Long.MAX_VALUE;
    private static final long BEFORE = Long.MIN_VALUE;

    private static final class Life {
        long launched;
        long destroyed = FOREVER;
        long leaving = FOREVER;
        final List<long[]> ready = new ArrayList<>(); // [since, until)
    }

    private final List<Sample> samples;

    private Census(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** Instances as Kubernetes counts pods: leaving once the deploy first calls stop or destroy. */
    static Census pods(WorldRun run, String group, Duration minReady) {
        return of(run.log, group, run.app.group(group).orElseThrow().checks().size(), WorldRun.ACTOR, minReady,
                List.of("stop", "destroy"));
    }

    /** Instances leaving from the first cordon, stop or destroy (a Nomad allocation, an ECS task's healthy count). */
    static Census deregistering(WorldRun run, String group, Duration minReady) {
        return of(run.log, group, run.app.group(group).orElseThrow().checks().size(), WorldRun.ACTOR, minReady,
                List.of("cordon", "stop", "destroy"));
    }

    static Census of(ObservationLog log, String group, int checkCount, String actor, Duration minReady,
                     List<String> leavingOps) {
        TreeMap<String, Life> lives = new TreeMap<>();
        TreeMap<String, Boolean> started = new TreeMap<>();
        TreeMap<String, TreeMap<String, CheckStatus.Status>> checks = new TreeMap<>();
        TreeMap<String, Boolean> readyNow = new TreeMap<>();
        TreeSet<Long> times = new TreeSet<>();
        List<Observation> relevant = new ArrayList<>();
        for (Observation o : log) {
            switch (o) {
                case Observation.MachineLaunched l when l.processGroup().equals(group) -> {
                    Life life = new Life();
                    life.launched = l.atNanos();
                    lives.put(l.machineId(), life);
                }
                default -> { }
            }
            relevant.add(o);
        }
        long lastTime = BEFORE;
        for (int i = 0; i < relevant.size(); i++) {
            Observation o = relevant.get(i);
            String id = machineOf(o);
            Life life = id == null ? null : lives.get(id);
            if (life != null) {
                switch (o) {
                    case Observation.MachineStateChanged s -> started.put(id, s.to() == MachineState.STARTED);
                    case Observation.MachineLaunched l -> started.put(id, l.state() == MachineState.STARTED);
                    case Observation.CheckStatusChanged c -> checks.computeIfAbsent(id, k -> new TreeMap<>()).put(c.check(), c.to());
                    case Observation.MachineDestroyed d -> life.destroyed = d.atNanos();
                    case Observation.ApiCall a when a.actor().equals(actor) && leavingOps.contains(a.operation()) ->
                            life.leaving = Math.min(life.leaving, a.startedAtNanos());
                    default -> { }
                }
            }
            times.add(o.atNanos());
            lastTime = o.atNanos();
            boolean lastAtThisInstant = i + 1 == relevant.size() || relevant.get(i + 1).atNanos() != o.atNanos();
            if (lastAtThisInstant) {
                for (Map.Entry<String, Life> e : lives.entrySet()) {
                    String mid = e.getKey();
                    TreeMap<String, CheckStatus.Status> cs = checks.getOrDefault(mid, new TreeMap<>());
                    long passing = cs.values().stream().filter(st -> st == CheckStatus.Status.PASSING).count();
                    boolean ready = started.getOrDefault(mid, false) && passing == checkCount;
                    boolean was = readyNow.getOrDefault(mid, false);
                    if (ready && !was) {
                        boolean seeded = e.getValue().launched == 0 && o.atNanos() == 0;
                        e.getValue().ready.add(new long[] {seeded ? BEFORE : o.atNanos(), FOREVER});
                    } else if (!ready && was) {
                        List<long[]> r = e.getValue().ready;
                        r.get(r.size() - 1)[1] = o.atNanos();
                    }
                    readyNow.put(mid, ready);
                }
            }
        }
        long minReadyNanos = minReady.toNanos();
        for (Life life : lives.values()) {
            if (life.leaving != FOREVER) {
                times.add(life.leaving);
            }
            for (long[] r : life.ready) {
                if (r[0] != BEFORE && minReadyNanos > 0) {
                    times.add(r[0] + minReadyNanos);
                }
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (long t : times) {
            if (t > lastTime) {
                continue;
            }
            int instances = 0;
            int available = 0;
            for (Life life : lives.values()) {
                boolean counts = life.launched <= t && t < life.destroyed && t < life.leaving;
                if (!counts) {
                    continue;
                }
                instances++;
                for (long[] r : life.ready) {
                    boolean longEnough = r[0] == BEFORE || r[0] + minReadyNanos <= t;
                    if (r[0] <= t && t < r[1] && longEnough) {
                        available++;
                        break;
                    }
                }
            }
            samples.add(new Sample(t, instances, available));
        }
        return new Census(samples);
    }

    private static String machineOf(Observation o) {
        return switch (o) {
            case Observation.MachineLaunched l -> l.machineId();
            case Observation.MachineStateChanged s -> s.machineId();
            case Observation.CheckStatusChanged c -> c.machineId();
            case Observation.MachineDestroyed d -> d.machineId();
            case Observation.ApiCall a -> a.machineId();
            default -> null;
        };
    }

    List<Sample> samples() {
        return samples;
    }

    /** Samples within {@code [from, to]}. */
    List<Sample> between(long from, long to) {
        return samples.stream().filter(s -> s.atNanos() >= from && s.atNanos() <= to).toList();
    }

    int maxInstances(long from, long to) {
        return between(from, to).stream().mapToInt(Sample::instances).max().orElseThrow();
    }

    int minAvailable(long from, long to) {
        return between(from, to).stream().mapToInt(Sample::available).min().orElseThrow();
    }

    /** The first sample in {@code [from, to]} with fewer than {@code floor} available, for messages. */
    String firstBelow(long from, long to, int floor) {
        return between(from, to).stream().filter(s -> s.available() < floor).findFirst().map(Sample::toString).orElse("none");
    }
}

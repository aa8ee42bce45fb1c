package dev.deploysim.sim.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.LeaseChange;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.observe.ServingTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A property over random sequences of Machines API calls by two actors, with fault-free time and
 * the prober running, over many seeds: the world never reaches an invalid state, the log tells a
 * consistent story, and every probe sent is accounted for. Seeds: {@code -Ddeploysim.platform.seeds}
 * (default 200); calls per actor: 40.
 */
class WorldPropertyTest {
    private static final int SEEDS = Integer.getInteger("deploysim.platform.seeds", 200);
    private static final int CALLS = 40;

    @Test
    void randomApiCallSequencesNeverReachAnInvalidStateAndEveryProbeIsAccountedFor() {
        List<String> failures = new ArrayList<>();
        TreeMap<String, Integer> seen = new TreeMap<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomApiWorkload w = new RandomApiWorkload(seed).run(CALLS);
            if (w.result.outcome() != Outcome.QUIESCENT) {
                failures.add("seed " + seed + ": run ended " + w.result.outcome() + ": " + w.result.detail());
                continue;
            }
            failures.addAll(w.violations);
            failures.addAll(logChecks(w));
            tally(w, seen);
        }
        System.out.println("platform property over " + SEEDS + " seeds, " + CALLS + " calls per actor: " + seen);
        assertThat(failures).as("violations").isEmpty();
        // The property must have met the interesting cases, or it proves little.
        assertThat(seen).as("cases met").containsKeys("ok:update", "ok:destroy", "ok:launch", "ok:acquireLease",
                "ok:cordon", "ok:waitFor", "LeaseHeld", "LeaseNotFound", "ConcurrentUpdate", "NotFound", "InvalidState",
                "Timeout", "probe:OK", "probe:SLOW", "probe:FAILED", "zero-serving");
    }

    private static void tally(RandomApiWorkload w, TreeMap<String, Integer> seen) {
        for (Observation.ApiCall a : w.log.ofType(Observation.ApiCall.class)) {
            seen.merge(a.ok() ? "ok:" + a.operation() : a.error(), 1, Integer::sum);
        }
        for (Observation.ProbeResult p : w.log.ofType(Observation.ProbeResult.class)) {
            seen.merge("probe:" + p.outcome(), 1, Integer::sum);
        }
        if (ServingTimeline.of(w.log).zeroServingNanos(0, w.log.lastAtNanos()) > 0) {
            seen.merge("zero-serving", 1, Integer::sum);
        }
    }

    /** Checks that read only the log (as the checkers will), plus the proxy's final agreement with the truth. */
    static List<String> logChecks(RandomApiWorkload w) {
        List<String> out = new ArrayList<>();
        String at = "seed " + w.seed + ": ";
        ProbeStats stats = ProbeStats.of(w.log);
        if (stats.sent() != w.world.probesSent() || w.world.probesInFlight() != 0) {
            out.add(at + "prober sent " + w.world.probesSent() + " but the log has " + stats.sent() + " results");
        }
        // Leases: never acquired while another live lease exists (one holder at a time).
        TreeMap<String, Observation.LeaseChanged> live = new TreeMap<>();
        // Machine state per the log, to judge readiness and serving against it.
        TreeMap<String, MachineState> state = new TreeMap<>();
        TreeSet<String> destroyed = new TreeSet<>();
        TreeMap<String, Boolean> lastView = new TreeMap<>();
        for (Observation o : w.log) {
            switch (o) {
                case Observation.LeaseChanged l -> {
                    Observation.LeaseChanged cur = live.get(l.machineId());
                    boolean curLive = cur != null && cur.expiresAtNanos() > l.atNanos();
                    if (l.change() == LeaseChange.ACQUIRED) {
                        if (curLive) {
                            out.add(at + l.machineId() + " leased to " + l.owner() + " at " + l.atNanos()
                                    + " while " + cur.owner() + " held it");
                        }
                        live.put(l.machineId(), l);
                    } else if (l.change() == LeaseChange.REFRESHED) {
                        if (cur == null || !cur.nonce().equals(l.nonce())) {
                            out.add(at + l.machineId() + " refreshed a lease it does not have");
                        }
                        live.put(l.machineId(), l);
                    } else {
                        live.remove(l.machineId());
                    }
                }
                case Observation.MachineLaunched l -> state.put(l.machineId(), l.state());
                case Observation.MachineStateChanged s -> {
                    if (destroyed.contains(s.machineId())) {
                        out.add(at + s.machineId() + " changed state after it was destroyed");
                    }
                    if (state.get(s.machineId()) != s.from()) {
                        out.add(at + s.machineId() + " changed from " + s.from() + " but was " + state.get(s.machineId()));
                    }
                    if (s.to() == MachineState.STARTED && (s.image().isEmpty() || s.instanceId().isEmpty())) {
                        out.add(at + s.machineId() + " started without a version");
                    }
                    state.put(s.machineId(), s.to());
                }
                case Observation.AppReadyChanged r -> {
                    if (r.ready() && state.get(r.machineId()) != MachineState.STARTED) {
                        out.add(at + r.machineId() + " ready while " + state.get(r.machineId()));
                    }
                }
                case Observation.MachineDestroyed d -> destroyed.add(d.machineId());
                case Observation.ProxyViewChanged p -> lastView.put(p.machineId(), p.routable());
                default -> { }
            }
        }
        for (String id : destroyed) {
            if (lastView.getOrDefault(id, false)) {
                out.add(at + "the proxy still routes to destroyed " + id);
            }
        }
        for (ServingTimeline.Step s : ServingTimeline.of(w.log).steps()) {
            for (String id : s.servingMachines()) {
                String stateNow = stateAt(w, id, s.atNanos());
                // pull before stop: an updated machine is replacing while its old version still answers
                boolean oldVersion = "REPLACING".equals(stateNow) && w.world.platform().pullBeforeStop()
                        && oldVersionStillReady(w, id, s.atNanos());
                if (!"STARTED".equals(stateNow) && !oldVersion) {
                    out.add(at + id + " counted serving at " + s.atNanos() + " while " + stateNow);
                }
            }
        }
        for (var m : w.world.allMachines()) {
            if (w.world.proxyRoutable(m.id()) != w.world.proxy().truthRoutable(m.id())) {
                out.add(at + "after quiescence the proxy's view of " + m.id() + " still differs from the truth");
            }
        }
        return out;
    }

    /**
     * Whether at {@code t} machine {@code id} is replacing and the app still answering is the old
     * version's: it became ready before the machine entered replacing and has not stopped since
     * (an update that prepares its image first). A new version's readiness while replacing breaks it.
     */
    private static boolean oldVersionStillReady(RandomApiWorkload w, String id, long t) {
        boolean ready = false;
        long readySince = -1;
        long replacingSince = -1;
        for (Observation o : w.log) {
            if (o.atNanos() > t) {
                break;
            }
            if (o instanceof Observation.AppReadyChanged r && r.machineId().equals(id)) {
                ready = r.ready();
                readySince = o.atNanos();
            } else if (o instanceof Observation.MachineStateChanged c && c.machineId().equals(id)) {
                replacingSince = c.to() == MachineState.REPLACING ? o.atNanos() : -1;
            }
        }
        return ready && replacingSince >= 0 && readySince <= replacingSince;
    }

    private static String stateAt(RandomApiWorkload w, String id, long t) {
        String s = "none";
        for (Observation o : w.log) {
            if (o.atNanos() > t) {
                break;
            }
            if (o instanceof Observation.MachineLaunched l && l.machineId().equals(id)) {
                s = l.state().name();
            } else if (o instanceof Observation.MachineStateChanged c && c.machineId().equals(id)) {
                s = c.to().name();
            }
        }
        return s;
    }
}

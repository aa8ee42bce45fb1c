package dev.deploysim.sim.verify;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.DeployFinished;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.Observation.DeployStarted;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.MetadataChanged;
import dev.deploysim.sim.observe.Observation.RegistrationChanged;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the checkers share, derived from a run's log alone: when the deploy started and ended,
 * how it ended, which machines existed before it and which it created, and every machine's view
 * (state, version, registration, metadata) at any instant.
 */
final class RunFacts {
    /** The actor whose API calls and leases are the deploy's. */
    static final String DEPLOY_ACTOR = Runner.DEPLOY_ACTOR;

    final DeployRun run;
    final ObservationLog log;
    /** When the deploy started, or -1 if it never did. */
    final long deployStart;
    /** When the deploy ended, or -1 if it never did. */
    final long deployEnd;
    final Optional<DeployOutcome> outcome;
    /** The end of the run: after the last observation, nothing changes. */
    final long end;
    /** Every machine's launch, by ID. */
    final SortedMap<String, MachineLaunched> launches = new TreeMap<>();
    /** Machines that existed before the deploy, in creation order. */
    final List<String> seeded = new ArrayList<>();

    private RunFacts(DeployRun run) {
        this.run = run;
        this.log = run.log();
        long start = -1;
        long finish = -1;
        DeployOutcome how = null;
        for (Observation o : log) {
            switch (o) {
                case DeployStarted s -> start = start < 0 ? s.atNanos() : start;
                case DeployFinished f -> {
                    if (finish < 0) {
                        finish = f.atNanos();
                        how = f.outcome();
                    }
                }
                case MachineLaunched l -> {
                    launches.put(l.machineId(), l);
                    if (l.actor().equals(World.SEED_ACTOR)) {
                        seeded.add(l.machineId());
                    }
                }
                default -> { }
            }
        }
        this.deployStart = start;
        this.deployEnd = finish;
        this.outcome = Optional.ofNullable(how);
        this.end = Math.max(run.endNanos(), log.lastAtNanos());
    }

    static RunFacts of(DeployRun run) {
        return new RunFacts(run);
    }

    /** The end of the deploy, or of the run if the deploy never ended. */
    long deployEndOrRunEnd() {
        return deployEnd >= 0 ? deployEnd : end;
    }

    boolean isSeeded(String id) {
        MachineLaunched l = launches.get(id);
        return l != null && l.actor().equals(World.SEED_ACTOR);
    }

    boolean launchedByDeploy(String id) {
        MachineLaunched l = launches.get(id);
        return l != null && l.actor().equals(DEPLOY_ACTOR);
    }

    String groupOf(String id) {
        MachineLaunched l = launches.get(id);
        return l == null ? "" : l.processGroup();
    }

    /** Seeded machines of {@code group}, in creation order. */
    List<String> seededIn(String group) {
        List<String> out = new ArrayList<>();
        for (String id : seeded) {
            if (groupOf(id).equals(group)) {
                out.add(id);
            }
        }
        return out;
    }

    /** One machine as the log describes it at some instant. */
    static final class View {
        final String id;
        final String group;
        MachineState state;
        String image;
        boolean cordoned;
        boolean serviceRegistered;
        boolean destroyed;
        final TreeMap<String, String> metadata = new TreeMap<>();

        View(MachineLaunched l) {
            this.id = l.machineId();
            this.group = l.processGroup();
            this.state = l.state();
            this.image = l.image();
            this.metadata.putAll(l.metadata());
        }

        /** Launched and neither being destroyed nor destroyed. */
        boolean live() {
            return !destroyed && state != MachineState.DESTROYING && state != MachineState.DESTROYED;
        }
    }

    /** Every machine's view after all observations at or before {@code atNanos}. */
    SortedMap<String, View> viewsAt(long atNanos) {
        TreeMap<String, View> views = new TreeMap<>();
        for (Observation o : log) {
            if (o.atNanos() > atNanos) {
                break;
            }
            apply(views, o);
        }
        return views;
    }

    /** Every machine's view at the end of the run. */
    SortedMap<String, View> finalViews() {
        return viewsAt(Long.MAX_VALUE);
    }

    /** Applies one observation to {@code views}. */
    static void apply(SortedMap<String, View> views, Observation o) {
        switch (o) {
            case MachineLaunched l -> views.put(l.machineId(), new View(l));
            case MachineStateChanged c -> {
                View v = views.get(c.machineId());
                if (v != null) {
                    v.state = c.to();
                    if (!c.image().isEmpty()) {
                        v.image = c.image();
                    }
                }
            }
            case MachineDestroyed d -> {
                View v = views.get(d.machineId());
                if (v != null) {
                    v.destroyed = true;
                    v.state = MachineState.DESTROYED;
                }
            }
            case RegistrationChanged r -> {
                View v = views.get(r.machineId());
                if (v != null) {
                    v.cordoned = r.cordoned();
                    v.serviceRegistered = r.serviceRegistered();
                }
            }
            case MetadataChanged m -> {
                View v = views.get(m.machineId());
                if (v != null) {
                    if (m.present()) {
                        v.metadata.put(m.key(), m.value());
                    } else {
                        v.metadata.remove(m.key());
                    }
                }
            }
            default -> { }
        }
    }

    /** The deploy's successful calls of {@code operation}, oldest first. */
    List<ApiCall> deployCalls(String operation) {
        List<ApiCall> out = new ArrayList<>();
        for (ApiCall c : log.ofType(ApiCall.class)) {
            if (c.actor().equals(DEPLOY_ACTOR) && c.ok() && c.operation().equals(operation)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Seconds with millisecond precision, as reports print times. */
    static String s(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}

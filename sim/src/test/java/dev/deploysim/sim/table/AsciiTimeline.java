package dev.deploysim.sim.table;

import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.CheckStatusChanged;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.observe.Observation.RegistrationChanged;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.run.DeployRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ASCII picture of one run drawn from its observation log: one row per machine (what it was
 * doing, column by column), a row with the number of machines serving, and per machine the times of
 * its lifecycle, readiness, check, cordon and proxy changes. Times are seconds since the deploy
 * started.
 *
 * <p>A machine's cell shows its condition at the column's first instant; the serving row shows the
 * fewest machines serving at any instant of the column, so a dip shorter than a column still shows.
 */
final class AsciiTimeline {
    static final String LEGEND = String.join("\n",
            "= serving, old image     # serving, new image     ~ answers, not routed (checks pending / proxy not told yet)",
            "c cordoned, answering    . down (stopping, replacing, booting, app not ready)",
            "! down, still routed by the proxy (stale route)   x destroying   - does not exist");

    private static final int LABEL_WIDTH = 13;

    private AsciiTimeline() {
    }

    /** The picture of {@code run} from the deploy's start until the last machine fact changed. */
    static String render(DeployRun run, double secondsPerColumn) {
        long end = lastMachineFactNanos(run.log());
        if (run.deployEndNanos() > end) {
            end = run.deployEndNanos();
        }
        return render(run.log(), run.deployStartNanos(), end, run.scenario().app().newImage(), secondsPerColumn);
    }

    /** When a machine's state, readiness, registration or the proxy's view of it last changed. */
    static long lastMachineFactNanos(ObservationLog log) {
        long last = 0;
        for (Observation o : log) {
            if (o instanceof MachineStateChanged || o instanceof AppReadyChanged || o instanceof ProxyViewChanged
                    || o instanceof RegistrationChanged || o instanceof MachineDestroyed || o instanceof MachineLaunched) {
                last = o.atNanos();
            }
        }
        return last;
    }

    /**
     * The picture of {@code [fromNanos, toNanos]}, one column per {@code secondsPerColumn}.
     *
     * @param newImage the image the deploy rolls out ({@code #} instead of {@code =})
     */
    static String render(ObservationLog log, long fromNanos, long toNanos, String newImage, double secondsPerColumn) {
        long step = Math.round(secondsPerColumn * 1e9);
        int columns = (int) ((toNanos - fromNanos) / step) + 1;
        Map<String, String> labels = labels(log);
        Map<String, StringBuilder> rows = new LinkedHashMap<>();
        for (String id : labels.keySet()) {
            rows.put(id, new StringBuilder());
        }

        Map<String, Cond> now = new TreeMap<>();
        List<Observation> all = log.entries();
        int next = 0;
        for (int c = 0; c < columns; c++) {
            long t = fromNanos + c * step;
            while (next < all.size() && all.get(next).atNanos() <= t) {
                apply(now, all.get(next++));
            }
            for (var e : rows.entrySet()) {
                Cond m = now.get(e.getKey());
                e.getValue().append(m == null ? '-' : m.cell(newImage));
            }
        }

        ServingTimeline timeline = ServingTimeline.of(log);
        StringBuilder serving = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            long t = fromNanos + c * step;
            int min = timeline.minServing(t, t + step);
            serving.append(min > 9 ? '+' : (char) ('0' + min));
        }

        StringBuilder out = new StringBuilder();
        out.append(pad("t(s)")).append(axis(columns, secondsPerColumn)).append('\n');
        for (var e : rows.entrySet()) {
            out.append(pad(labels.get(e.getKey()))).append(e.getValue()).append('\n');
        }
        out.append(pad("serving")).append(serving).append('\n');
        out.append('\n');
        for (String id : labels.keySet()) {
            out.append(labels.get(id).trim()).append(' ').append(id).append(": ")
                    .append(String.join(", ", events(log, id, fromNanos, toNanos))).append('\n');
        }
        return out.toString();
    }

    /** A machine's condition as the picture needs it. */
    private static final class Cond {
        MachineState state;
        String image = "";
        boolean ready;
        boolean routed;
        boolean cordoned;
        boolean gone;

        char cell(String newImage) {
            if (gone || state == MachineState.DESTROYED) {
                return '-';
            }
            if (state == MachineState.DESTROYING) {
                return 'x';
            }
            if (routed && ready) {
                return image.equals(newImage) ? '#' : '=';
            }
            if (state != MachineState.STARTED || !ready) {
                return routed ? '!' : '.';
            }
            return cordoned ? 'c' : '~';
        }
    }

    private static void apply(Map<String, Cond> now, Observation o) {
        switch (o) {
            case MachineLaunched l -> {
                Cond m = new Cond();
                m.state = l.state();
                m.image = l.image();
                now.put(l.machineId(), m);
            }
            case MachineStateChanged s -> {
                Cond m = now.get(s.machineId());
                if (m != null) {
                    m.state = s.to();
                    m.image = s.image();
                }
            }
            case AppReadyChanged r -> {
                Cond m = now.get(r.machineId());
                if (m != null) {
                    m.ready = r.ready();
                }
            }
            case ProxyViewChanged p -> {
                Cond m = now.get(p.machineId());
                if (m != null) {
                    m.routed = p.routable();
                }
            }
            case RegistrationChanged r -> {
                Cond m = now.get(r.machineId());
                if (m != null) {
                    m.cordoned = r.cordoned();
                }
            }
            case MachineDestroyed d -> {
                Cond m = now.get(d.machineId());
                if (m != null) {
                    m.gone = true;
                    m.ready = false;
                }
            }
            default -> { }
        }
    }

    /**
     * Row labels: machines that existed before the run first, in ID order ({@code m1}, {@code m2},
     * ...: flyctl's roll order), then the machines launched later in launch order, canaries as
     * {@code c1}, ... and the others (bluegreen's greens) as {@code g1}, ...
     */
    private static Map<String, String> labels(ObservationLog log) {
        List<String> seeded = new ArrayList<>();
        List<MachineLaunched> later = new ArrayList<>();
        for (MachineLaunched l : log.ofType(MachineLaunched.class)) {
            if (l.actor().equals(RunFacts.SEED_ACTOR)) {
                seeded.add(l.machineId());
            } else {
                later.add(l);
            }
        }
        seeded.sort(null);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < seeded.size(); i++) {
            out.put(seeded.get(i), "m" + (i + 1));
        }
        int canaries = 0;
        int greens = 0;
        for (MachineLaunched l : later) {
            boolean canary = "true".equals(l.metadata().get(RunFacts.CANARY_METADATA));
            out.put(l.machineId(), canary ? "c" + (++canaries) : "g" + (++greens));
        }
        return out;
    }

    private static String pad(String label) {
        StringBuilder sb = new StringBuilder(label);
        while (sb.length() < LABEL_WIDTH) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /** A time label every 10 columns. */
    private static String axis(int columns, double secondsPerColumn) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < columns; c += 10) {
            String label = seconds(c * secondsPerColumn);
            sb.append(label);
            for (int i = label.length(); i < 10 && c + i < columns; i++) {
                sb.append(' ');
            }
        }
        return sb.toString().stripTrailing();
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }

    /** The machine's lifecycle, readiness, service check, cordon and proxy changes in {@code [from, to]}. */
    private static List<String> events(ObservationLog log, String id, long fromNanos, long toNanos) {
        List<String> out = new ArrayList<>();
        for (Observation o : log) {
            if (o.atNanos() < fromNanos || o.atNanos() > toNanos) {
                continue;
            }
            String what = switch (o) {
                case MachineLaunched l when l.machineId().equals(id) -> "launched";
                case MachineStateChanged s when s.machineId().equals(id) -> s.to().name().toLowerCase(Locale.ROOT);
                case AppReadyChanged r when r.machineId().equals(id) && r.ready() -> "ready";
                case CheckStatusChanged c when c.machineId().equals(id) && c.serviceCheck()
                        && c.to() == CheckStatus.Status.PASSING -> "checks pass";
                case RegistrationChanged r when r.machineId().equals(id) && r.serviceRegistered() -> registration(log, r);
                case ProxyViewChanged p when p.machineId().equals(id) -> p.routable() ? "routed" : "unrouted";
                default -> null;
            };
            if (what != null) {
                out.add(what + " " + String.format(Locale.ROOT, "%.1f", (o.atNanos() - fromNanos) / 1e9));
            }
        }
        return out;
    }

    /**
     * "cordoned" / "uncordoned" when the cordon flag flips, else null (other registration changes,
     * such as the deregistration of a destroyed machine, are not listed).
     */
    private static String registration(ObservationLog log, RegistrationChanged r) {
        RegistrationChanged previous = null;
        for (RegistrationChanged x : log.ofType(RegistrationChanged.class)) {
            if (x == r) {
                break;
            }
            if (x.machineId().equals(r.machineId())) {
                previous = x;
            }
        }
        boolean was = previous != null && previous.cordoned();
        if (r.cordoned() == was) {
            return null;
        }
        return r.cordoned() ? "cordoned" : "uncordoned";
    }
}

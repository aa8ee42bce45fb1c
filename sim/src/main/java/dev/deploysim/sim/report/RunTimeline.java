package dev.deploysim.sim.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.DeployFinished;
import dev.deploysim.sim.observe.Observation.DeployStarted;
import dev.deploysim.sim.observe.Observation.FaultHealed;
import dev.deploysim.sim.observe.Observation.FaultInjected;
import dev.deploysim.sim.observe.Observation.MachineDestroyed;
import dev.deploysim.sim.observe.Observation.MachineLaunched;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.run.DeployRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the run page draws, derived from a run's observation log alone: one row per machine (its
 * state and image as bands over time, and when it was serving), the serving and routable counts
 * over time, every probe, the strategy's steps, the fault intervals and the deploy window. All
 * times are virtual seconds from the start of the run, rounded to the millisecond.
 *
 * <p>JSON shape: {@code {endSeconds, deploy {startSeconds, endSeconds, outcome}, images {current,
 * next}, machines [{id, group, region, actor, bands [[from, to, state, image]], serving [[from,
 * to]]}], serving [[t, serving, routable]], zeroServing [[from, to]], probes [[sentSeconds,
 * outcome, latencySeconds]], steps [[t, step, machine, detail]], faults [{from, to, fault, target,
 * detail}]}}; a band's or fault's {@code to} is null while it lasted to the end of the log, and
 * {@code outcome} of a probe is {@code ok}, {@code slow} or {@code failed}.
 *
 * <p><b>Aggregate timeline.</b> Above {@link #AGGREGATE_ABOVE} machines a row per machine is
 * unreadable (and at 10,000 the page would not open), so the timeline then also has
 * {@code aggregate {machineCount, columns, series [[state, image]], counts [[t, n...]], stepCounts
 * [[t, n]], rowsThatMatter}}: at {@link #COLUMNS} evenly spaced instants, how many machines were in
 * each state on each image (a stacked area), and how many per-machine strategy steps fell in each
 * column. {@code machines} then holds only the rows of the machines that matter (at most
 * {@link #MAX_ROWS}: named by a violation, serving at either edge of a zero-serving window, a
 * canary, the first machine the deploy touched or launched, a fault's target, ended failed), each
 * with {@code why [reasons]}; {@code serving} holds one point per column, the lowest counts within
 * it (a dip is never hidden; zero-serving windows stay exact in {@code zeroServing}); and
 * {@code steps} only the deploy-wide steps and those of the rows shown. Everything per machine is
 * still in {@code trace.jsonl}. Without aggregation, {@code aggregate} is null.
 */
public final class RunTimeline {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Above this many machines in a run, the timeline is aggregate. */
    public static final int AGGREGATE_ABOVE = 50;
    /** Instants at which an aggregate timeline samples its counts: about a pixel each at the page's width. */
    public static final int COLUMNS = 800;
    /** At most this many machine rows in an aggregate timeline. */
    public static final int MAX_ROWS = 40;

    private RunTimeline() {
    }

    /** A machine's row while the log is replayed. */
    static final class Row {
        final MachineLaunched launched;
        final List<Object[]> bands = new ArrayList<>();
        long since;
        String state;
        String image;
        boolean gone;

        Row(MachineLaunched l) {
            launched = l;
            since = l.atNanos();
            state = l.state().apiName();
            image = l.image();
        }

        void change(long at, String newState, String newImage) {
            if (gone) {
                return;
            }
            if (at > since) {
                bands.add(new Object[] {since, at, state, image});
            }
            since = at;
            state = newState;
            image = newImage;
        }

        void end(long at) {
            change(at, "destroyed", image);
            gone = true;
        }
    }

    /** The timeline of {@code run}. */
    public static ObjectNode json(DeployRun run) {
        long end = run.endNanos();
        for (Observation o : run.log()) {
            end = Math.max(end, o.atNanos());
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        ArrayNode probes = F.arrayNode();
        List<StrategyStep> stepList = new ArrayList<>();
        ArrayNode faults = F.arrayNode();
        List<ObjectNode> openFaults = new ArrayList<>();
        ObjectNode deploy = F.objectNode();
        for (Observation o : run.log()) {
            switch (o) {
                case MachineLaunched l -> rows.putIfAbsent(l.machineId(), new Row(l));
                case MachineStateChanged c -> {
                    Row r = rows.get(c.machineId());
                    if (r != null) {
                        if (c.to() == MachineState.DESTROYED) {
                            r.end(c.atNanos());
                        } else {
                            r.change(c.atNanos(), c.to().apiName(), c.image());
                        }
                    }
                }
                case MachineDestroyed d -> {
                    Row r = rows.get(d.machineId());
                    if (r != null) {
                        r.end(d.atNanos());
                    }
                }
                case ProbeResult p -> {
                    ArrayNode a = probes.addArray();
                    a.add(sec(p.sentAtNanos()));
                    a.add(p.outcome().name().toLowerCase(java.util.Locale.ROOT));
                    a.add(sec(p.latencyNanos()));
                }
                case StrategyStep s -> stepList.add(s);
                case FaultInjected f -> {
                    ObjectNode n = faults.addObject();
                    n.put("from", sec(f.atNanos()));
                    n.putNull("to");
                    n.put("fault", f.fault());
                    n.put("target", f.target());
                    n.put("detail", f.detail());
                    openFaults.add(n);
                }
                case FaultHealed h -> {
                    for (int i = 0; i < openFaults.size(); i++) {
                        ObjectNode n = openFaults.get(i);
                        if (n.get("fault").asText().equals(h.fault()) && n.get("target").asText().equals(h.target())) {
                            n.put("to", sec(h.atNanos()));
                            openFaults.remove(i);
                            break;
                        }
                    }
                }
                case DeployStarted s -> deploy.put("startSeconds", sec(s.atNanos()));
                case DeployFinished f -> {
                    deploy.put("endSeconds", sec(f.atNanos()));
                    deploy.put("outcome", f.outcome().name().toLowerCase(java.util.Locale.ROOT));
                }
                default -> { }
            }
        }
        if (!deploy.has("startSeconds")) {
            deploy.put("startSeconds", sec(run.deployStartNanos()));
        }
        if (!deploy.has("endSeconds")) {
            deploy.putNull("endSeconds");
            deploy.put("outcome", "unfinished");
        }

        ServingTimeline timeline = ServingTimeline.of(run.log());
        List<ServingTimeline.Interval> zeroIntervals = timeline.zeroServingIntervals(run.deployStartNanos(), end);
        boolean aggregate = rows.size() > AGGREGATE_ABOVE;
        AggregateTimeline.Shown picked = aggregate ? AggregateTimeline.rowsThatMatter(run, rows, stepList, faults, timeline, zeroIntervals) : null;
        Map<String, List<String>> shown = picked == null ? null : picked.rows();
        ObjectNode out = F.objectNode();
        out.put("endSeconds", sec(end));
        out.set("deploy", deploy);
        ObjectNode images = out.putObject("images");
        images.put("current", run.scenario().app().currentImage());
        images.put("next", run.scenario().app().newImage());
        ArrayNode machines = out.putArray("machines");
        // Serving intervals only of the rows drawn: one pass over the timeline's changes.
        SortedMap<String, List<ServingTimeline.Interval>> servingByMachine = timeline.servingIntervalsByMachine(0, end);
        for (Row r : rows.values()) {
            if (shown != null && !shown.containsKey(r.launched.machineId())) {
                continue;
            }
            ObjectNode m = machines.addObject();
            m.put("id", r.launched.machineId());
            m.put("group", r.launched.processGroup());
            m.put("region", r.launched.region());
            m.put("actor", r.launched.actor());
            ArrayNode bands = m.putArray("bands");
            for (Object[] b : r.bands) {
                bands.addArray().add(sec((Long) b[0])).add(sec((Long) b[1])).add((String) b[2]).add((String) b[3]);
            }
            if (!r.gone) {
                bands.addArray().add(sec(r.since)).addNull().add(r.state).add(r.image);
            }
            ArrayNode serving = m.putArray("serving");
            for (ServingTimeline.Interval i : servingByMachine.getOrDefault(r.launched.machineId(), List.of())) {
                serving.addArray().add(sec(i.startNanos())).add(sec(i.endNanos()));
            }
            if (shown != null) {
                ArrayNode why = m.putArray("why");
                shown.get(r.launched.machineId()).forEach(why::add);
            }
        }
        ArrayNode serving = out.putArray("serving");
        List<ServingTimeline.Count> counts = timeline.counts();
        if (!aggregate) {
            for (ServingTimeline.Count c : counts) {
                serving.addArray().add(sec(c.atNanos())).add(c.serving()).add(c.routable());
            }
        } else {
            AggregateTimeline.lowestPerColumn(counts, end, serving);
        }
        ArrayNode zero = out.putArray("zeroServing");
        for (ServingTimeline.Interval i : zeroIntervals) {
            zero.addArray().add(sec(i.startNanos())).add(sec(i.endNanos()));
        }
        out.set("probes", probes);
        ArrayNode steps = out.putArray("steps");
        for (StrategyStep st : stepList) {
            if (shown == null || st.machineId().isEmpty() || shown.containsKey(st.machineId())) {
                steps.addArray().add(sec(st.atNanos())).add(st.step()).add(st.machineId()).add(st.detail());
            }
        }
        out.set("faults", faults);
        if (aggregate) {
            ObjectNode a = AggregateTimeline.of(rows, stepList, end, run.scenario().app().currentImage(),
                    run.scenario().app().newImage());
            a.put("rowsThatMatter", picked.total());
            out.set("aggregate", a);
        } else {
            out.putNull("aggregate");
        }
        return out;
    }

    static double sec(long nanos) {
        return Numbers.ms(nanos / 1e9);
    }
}

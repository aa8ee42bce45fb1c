package dev.deploysim.sim.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.StrategyStep;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.run.DeployRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a {@link RunTimeline} that only a large run has: machine counts by state and image
 * sampled at {@link RunTimeline#COLUMNS} instants, the serving count's lowest point per column,
 * per-machine step density, and the choice of the machines that matter. Kept apart so that the
 * per-machine timeline reads on its own; the JSON shape is documented on {@link RunTimeline}.
 */
final class AggregateTimeline {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AggregateTimeline() {
    }

    /** Column {@code c}'s start, of {@link RunTimeline#COLUMNS} over {@code [0, end]}. */
    private static long column(int c, long end) {
        return Math.round((double) end * c / RunTimeline.COLUMNS);
    }

    /**
     * One serving point per column: the lowest serving and routable counts from the column's start
     * until the next column's, so that a dip shorter than a column still shows.
     */
    static void lowestPerColumn(List<ServingTimeline.Count> counts, long end, ArrayNode out) {
        int i = 0;
        int serving = 0;
        int routable = 0;
        for (int c = 0; c < RunTimeline.COLUMNS; c++) {
            long from = column(c, end);
            long to = c + 1 == RunTimeline.COLUMNS ? end + 1 : column(c + 1, end);
            while (i < counts.size() && counts.get(i).atNanos() <= from) {
                serving = counts.get(i).serving();
                routable = counts.get(i).routable();
                i++;
            }
            int minServing = serving;
            int minRoutable = routable;
            while (i < counts.size() && counts.get(i).atNanos() < to) {
                serving = counts.get(i).serving();
                routable = counts.get(i).routable();
                minServing = Math.min(minServing, serving);
                minRoutable = Math.min(minRoutable, routable);
                i++;
            }
            out.addArray().add(RunTimeline.sec(from)).add(minServing).add(minRoutable);
        }
    }

    /** The stacked-area counts by state and image, and the per-machine steps per column. */
    static ObjectNode of(Map<String, RunTimeline.Row> rows, List<StrategyStep> steps, long end, String current,
                                        String next) {
        // Every band is +1 at its start and -1 at its end for its (state, image) series; a sweep
        // over the sorted changes gives the counts at each column's start in O(bands log bands).
        java.util.TreeMap<String, Integer> seriesIndex = new java.util.TreeMap<>();
        List<long[]> changes = new ArrayList<>(); // {at, delta}; changeKeys holds each one's series
        List<String> changeKeys = new ArrayList<>();
        for (RunTimeline.Row r : rows.values()) {
            for (Object[] b : r.bands) {
                addBand(changes, changeKeys, seriesIndex, (Long) b[0], (Long) b[1], (String) b[2],
                        (String) b[3], imageRank((String) b[3], current, next));
            }
            if (!r.gone) {
                addBand(changes, changeKeys, seriesIndex, r.since, Long.MAX_VALUE, r.state, r.image,
                        imageRank(r.image, current, next));
            }
        }
        // Series in a fixed order: current image, new image, others; within each, started first, then lifecycle order.
        List<String> keys = new ArrayList<>(seriesIndex.keySet());
        for (int k = 0; k < keys.size(); k++) {
            seriesIndex.put(keys.get(k), k);
        }
        Integer[] order = new Integer[changes.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong((Integer k) -> changes.get(k)[0])
                .thenComparingInt(k -> k));
        ObjectNode a = F.objectNode();
        a.put("machineCount", rows.size());
        a.put("columns", RunTimeline.COLUMNS);
        ArrayNode series = a.putArray("series");
        for (String k : keys) {
            String[] parts = k.split("\u0000", -1);
            series.addArray().add(parts[2]).add(parts[3]);
        }
        ArrayNode countsOut = a.putArray("counts");
        int[] n = new int[keys.size()];
        int applied = 0;
        for (int c = 0; c <= RunTimeline.COLUMNS; c++) {
            long t = column(c, end);
            while (applied < order.length && changes.get(order[applied])[0] <= t) {
                long[] ch = changes.get(order[applied]);
                n[seriesIndex.get(changeKeys.get(order[applied]))] += (int) ch[1];
                applied++;
            }
            ArrayNode row = countsOut.addArray().add(RunTimeline.sec(t));
            for (int v : n) {
                row.add(v);
            }
        }
        ArrayNode stepCounts = a.putArray("stepCounts");
        int s = 0;
        for (int c = 0; c < RunTimeline.COLUMNS; c++) {
            long to = c + 1 == RunTimeline.COLUMNS ? Long.MAX_VALUE : column(c + 1, end);
            int count = 0;
            while (s < steps.size() && steps.get(s).atNanos() < to) {
                if (!steps.get(s).machineId().isEmpty()) {
                    count++;
                }
                s++;
            }
            if (count > 0) {
                stepCounts.addArray().add(RunTimeline.sec(column(c, end))).add(count);
            }
        }
        return a;
    }

    private static void addBand(List<long[]> changes, List<String> changeKeys, java.util.TreeMap<String, Integer> index,
                                long from, long to, String state, String image, String imageRank) {
        // sort key: image rank, state's lifecycle rank, then the names themselves
        String key = imageRank + "\u0000" + stateRank(state) + "\u0000" + state + "\u0000" + image;
        index.putIfAbsent(key, 0);
        changes.add(new long[] {from, 1});
        changeKeys.add(key);
        if (to != Long.MAX_VALUE) {
            changes.add(new long[] {to, -1});
            changeKeys.add(key);
        }
    }

    /** The current image's machines at the bottom of the stack, then the new image's, then any other. */
    private static String imageRank(String image, String current, String next) {
        return image.equals(current) ? "0" : image.equals(next) ? "1" : "2";
    }

    private static String stateRank(String state) {
        for (MachineState s : MachineState.values()) {
            if (s.apiName().equals(state)) {
                // started first: the bottom of the stack is what serves
                return s == MachineState.STARTED ? "00" : String.format(java.util.Locale.ROOT, "%02d", s.ordinal() + 1);
            }
        }
        return "99";
    }

    /**
     * The machines an aggregate timeline draws a row for, each with why, in log order of their
     * launch; at most {@link RunTimeline#MAX_ROWS}, the most telling reasons first.
     */
    /** The rows an aggregate timeline draws, with why, and how many machines mattered before the cap. */
    record Shown(Map<String, List<String>> rows, int total) {
    }

    static Shown rowsThatMatter(DeployRun run, Map<String, RunTimeline.Row> rows, List<StrategyStep> steps,
                                                           ArrayNode faults, ServingTimeline timeline,
                                                           List<ServingTimeline.Interval> zero) {
        // reason lists in priority order; a machine keeps every reason it has
        Map<String, List<String>> why = new java.util.TreeMap<>();
        List<String> picked = new ArrayList<>();
        java.util.function.BiConsumer<String, String> add = (id, reason) -> {
            if (!rows.containsKey(id)) {
                return;
            }
            List<String> reasons = why.computeIfAbsent(id, k -> {
                picked.add(k);
                return new ArrayList<>();
            });
            if (!reasons.contains(reason)) {
                reasons.add(reason);
            }
        };
        for (var v : run.violations()) {
            for (String token : v.detail().split("[^A-Za-z0-9_-]+")) {
                add.accept(token, "named by " + v.invariant());
            }
        }
        int windows = 0;
        for (ServingTimeline.Interval z : zero) {
            if (windows++ == 5) {
                break;
            }
            for (String id : timeline.servingMachinesAt(z.startNanos() - 1)) {
                add.accept(id, "served until zero serving at " + Numbers.ms(z.startNanos() / 1e9) + " s");
            }
            for (String id : timeline.servingMachinesAt(z.endNanos())) {
                add.accept(id, "served first after zero serving, at " + Numbers.ms(z.endNanos() / 1e9) + " s");
            }
        }
        for (StrategyStep st : steps) {
            if (!st.machineId().isEmpty() && st.step().toLowerCase(java.util.Locale.ROOT).contains("canary")) {
                add.accept(st.machineId(), "canary (" + st.step() + ")");
            }
        }
        for (StrategyStep st : steps) {
            if (!st.machineId().isEmpty()) {
                add.accept(st.machineId(), "first machine the deploy touched (" + st.step() + ")");
                break;
            }
        }
        for (RunTimeline.Row r : rows.values()) {
            if (r.launched.actor().equals(dev.deploysim.sim.run.Runner.DEPLOY_ACTOR)) {
                add.accept(r.launched.machineId(), "first machine the deploy launched");
                break;
            }
        }
        for (com.fasterxml.jackson.databind.JsonNode f : faults) {
            add.accept(f.get("target").asText(), "target of " + f.get("fault").asText());
        }
        for (RunTimeline.Row r : rows.values()) {
            String last = r.gone ? "destroyed" : r.state;
            if (last.equals("failed") || last.equals("launch_failed")) {
                add.accept(r.launched.machineId(), "ended " + last);
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        java.util.Set<String> kept = new java.util.TreeSet<>(picked.subList(0, Math.min(RunTimeline.MAX_ROWS, picked.size())));
        for (String id : rows.keySet()) {
            if (kept.contains(id)) {
                out.put(id, why.get(id));
            }
        }
        return new Shown(out, picked.size());
    }
}

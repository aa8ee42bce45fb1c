package dev.deploysim.sim.sensitivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.report.CompareSlice;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.report.Slice;
import dev.deploysim.sim.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One slice of a sharded sensitivity analysis ({@code sensitivity --shard I/N}), in the slice
 * file conventions of {@code compare}'s ({@link CompareSlice}: the same header, fingerprint, one
 * run a line at full precision, the same file name): the sweep it belongs to, which slice it is,
 * and its runs. The sweep's runs are its cells (the distinct scenarios its points give, the
 * baseline first) times its seeds, cell by cell; run {@code i} of cell {@code c} is run
 * {@code c * seeds + i}, dealt to shard {@code (c * seeds + i) mod N + 1}.
 *
 * <p>The file: {@code {format, formatVersion, shard, shards, fingerprint, sweep {scenarioSource,
 * platform, strategy, machines, seeds, firstSeed, points, metric, parameters [{path, low, high}],
 * notVaried, cells, simulator, baseScenario}, runs [{cell, ...compare's run fields}]}}.
 *
 * @param sweep the whole sweep (not just this slice's runs)
 * @param shard which slice this is
 * @param runs this slice's runs, in canonical order
 */
public record SensitivitySlice(Sweep sweep, Shard shard, List<Run> runs) implements Slice {
    /** The value of the file's {@code format} field. */
    public static final String FORMAT = "deploysim sensitivity slice";
    /** The only format version there is. */
    public static final int FORMAT_VERSION = 1;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A varied parameter as the sweep records it: enough to plan its points again. */
    public record Range(String path, double low, double high) {
        public Range {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Everything that decides a sensitivity sweep's report.
     *
     * @param setup the scenario's source and platform, the strategy and size, seeds, points, metric
     * @param parameters the parameters varied, in the order given, with their ranges
     * @param notVaried the platform parameters left out because every profile agrees on them
     * @param cells the sweep's cells, each named by the first point that plans it
     *     ({@code baseline}, {@code platform.propagationSeconds=0.01})
     * @param simulator the trace hash of the baseline's first run on the build that ran the shard:
     *     builds that simulate that run differently give slices of different sweeps
     * @param baseScenario the base scenario's canonical tree
     */
    public record Sweep(Tornado.Setup setup, List<Range> parameters, List<String> notVaried, List<String> cells, String simulator,
                        ObjectNode baseScenario) {
        public Sweep {
            Objects.requireNonNull(setup, "setup");
            parameters = List.copyOf(parameters);
            notVaried = List.copyOf(notVaried);
            cells = List.copyOf(cells);
            Objects.requireNonNull(simulator, "simulator");
            Objects.requireNonNull(baseScenario, "baseScenario");
        }

        /** How many runs the sweep has: cells x seeds. */
        public long totalRuns() {
            return (long) cells.size() * setup.seeds();
        }

        /** The sweep as the file records it; its canonical text is what the fingerprint digests. */
        public ObjectNode json() {
            ObjectNode o = F.objectNode();
            o.put("scenarioSource", setup.source());
            o.put("platform", setup.platform());
            o.put("strategy", setup.strategy());
            o.put("machines", setup.machines());
            o.put("seeds", setup.seeds());
            o.put("firstSeed", setup.firstSeed());
            o.put("points", setup.points());
            o.put("metric", setup.metric().id());
            ArrayNode ps = o.putArray("parameters");
            for (Range r : parameters) {
                ps.addObject().put("path", r.path()).put("low", r.low()).put("high", r.high());
            }
            ArrayNode nv = o.putArray("notVaried");
            notVaried.forEach(nv::add);
            ArrayNode cs = o.putArray("cells");
            cells.forEach(cs::add);
            o.put("simulator", simulator);
            o.set("baseScenario", baseScenario);
            return o;
        }
    }

    /** One run of the slice: its cell and the run. */
    public record Run(int cell, RunSummary summary) {
        public Run {
            Objects.requireNonNull(summary, "summary");
        }
    }

    public SensitivitySlice {
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(shard, "shard");
        runs = List.copyOf(runs);
    }

    @Override
    public String fingerprint() {
        return CompareSlice.fingerprintOf(sweep.json());
    }

    @Override
    public long totalRuns() {
        return sweep.totalRuns();
    }

    @Override
    public int size() {
        return runs.size();
    }

    @Override
    public long indexOf(int i) {
        Run r = runs.get(i);
        long seed = r.summary().seed() - sweep.setup().firstSeed();
        if (r.cell() < 0 || r.cell() >= sweep.cells().size() || seed < 0 || seed >= sweep.setup().seeds()) {
            return -1;
        }
        return (long) r.cell() * sweep.setup().seeds() + seed;
    }

    @Override
    public String describe(int i) {
        Run r = runs.get(i);
        String name = r.cell() >= 0 && r.cell() < sweep.cells().size() ? " (" + sweep.cells().get(r.cell()) + ")" : "";
        return "point " + r.cell() + name + ", seed " + r.summary().seed();
    }

    @Override
    public RunSummary summary(int i) {
        return runs.get(i).summary();
    }

    /** The slice file's text. */
    public String text() {
        List<ObjectNode> lines = new ArrayList<>();
        Tornado.Setup s = sweep.setup();
        for (Run r : runs) {
            ObjectNode j = F.objectNode();
            j.put("cell", r.cell());
            j.setAll(CompareSlice.runJson(new CompareSlice.Run(s.strategy(), s.machines(), r.summary())));
            lines.add(j);
        }
        return CompareSlice.text(FORMAT, FORMAT_VERSION, shard, fingerprint(), sweep.json(), lines);
    }

    /**
     * Reads a slice file's text, checking every field and that the fingerprint matches the sweep
     * the file describes.
     *
     * @param source the file's name, for error messages
     * @throws dev.deploysim.sim.scenario.ScenarioException naming the file, the field and the problem, on one line
     */
    public static SensitivitySlice parse(String text, String source) {
        CompareSlice.In in = new CompareSlice.In(source);
        CompareSlice.Header h = CompareSlice.header(ScenarioLoader.parse(text, source), in, FORMAT, FORMAT_VERSION, "sensitivity");
        JsonNode w = h.sweep();
        String metricId = in.textAt(w, "metric", "sweep.metric");
        Metric metric = Metric.byId(metricId).orElseThrow(() -> in.error("sweep.metric", "unknown metric '" + metricId
                + "'; this build knows " + String.join(", ", Metric.ids())));
        Tornado.Setup setup = new Tornado.Setup(in.textAt(w, "scenarioSource", "sweep.scenarioSource"),
                in.textAt(w, "platform", "sweep.platform"), in.textAt(w, "strategy", "sweep.strategy"),
                in.intAt(w, "machines", "sweep.machines"), in.intAt(w, "seeds", "sweep.seeds"),
                in.longAt(w, "firstSeed", "sweep.firstSeed"), in.intAt(w, "points", "sweep.points"), metric);
        JsonNode ps = in.need(w, "parameters", "sweep.parameters");
        if (!ps.isArray()) {
            throw in.error("sweep.parameters", "must be an array of {path, low, high}");
        }
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            String p = "sweep.parameters[" + i + "]";
            ranges.add(new Range(in.textAt(ps.get(i), "path", p + ".path"), in.doubleAt(ps.get(i), "low", p + ".low"),
                    in.doubleAt(ps.get(i), "high", p + ".high")));
        }
        Sweep sweep = new Sweep(setup, ranges, in.texts(w, "notVaried", "sweep.notVaried"), in.texts(w, "cells", "sweep.cells"),
                in.textAt(w, "simulator", "sweep.simulator"), (ObjectNode) in.objectAt(w, "baseScenario", "sweep.baseScenario"));
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < h.runs().size(); i++) {
            JsonNode r = h.runs().get(i);
            String path = "runs[" + i + "]";
            int cell = in.intAt(r, "cell", path + ".cell");
            runs.add(new Run(cell, in.run(r, path).summary()));
        }
        SensitivitySlice slice = new SensitivitySlice(sweep, h.shard(), runs);
        h.checkFingerprint(in, slice.fingerprint());
        return slice;
    }
}

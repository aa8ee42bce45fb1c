package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.report.CompareReport;
import dev.deploysim.sim.report.CompareSlice;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.report.Slice;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.sensitivity.Parameter;
import dev.deploysim.sim.sensitivity.SensitivitySlice;
import dev.deploysim.sim.sensitivity.Tornado;
import dev.deploysim.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Puts a sharded sweep back together ({@code compare --merge}, {@code sensitivity --merge}): reads
 * the slice files, checks that they are the N slices of one sweep, each exactly once and each
 * complete, and lays their runs out in the sweep's canonical order, the order an unsharded run
 * reports them in. Every problem is one {@link ScenarioException} (exit 2) naming the file or
 * files and what is wrong. What a sweep is, and how two differ, is the slice kind's business
 * ({@link Slice}); the checks are the same for every kind.
 */
final class SliceMerge {
    /** The names {@code --shard} gives slice files. */
    private static final Pattern SLICE_FILE = Pattern.compile("shard-[0-9]+-of-[0-9]+\\.json");

    /** A slice and the file it was read from. */
    record Loaded<S extends Slice>(String file, S slice) {
        Loaded {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(slice, "slice");
        }

        String named() {
            return file + " (shard " + slice.shard() + ")";
        }
    }

    /** Reads one slice file's text as a slice of some kind; {@code source} names the file in errors. */
    @FunctionalInterface
    interface Parser<S extends Slice> {
        S parse(String text, String source);
    }

    /** How two slices' sweeps differ, in the terms of the command line that made them. */
    @FunctionalInterface
    interface Difference<S extends Slice> {
        String of(S a, S b);
    }

    /**
     * The sweep put back together.
     *
     * @param first the first slice given, which describes the sweep as every other one does
     * @param runs every run of the sweep, in canonical order
     */
    record Merged<S extends Slice>(Loaded<S> first, List<RunSummary> runs) {
    }

    private SliceMerge() {
    }

    /** {@link #read(List, String, Parser)} for compare's slices. */
    static List<Loaded<CompareSlice>> read(List<Path> inputs) {
        return read(inputs, "compare", CompareSlice::parse);
    }

    /**
     * Reads every slice under {@code inputs}: a directory contributes its {@code shard-I-of-N.json}
     * files (in name order), a file itself.
     *
     * @param command the command whose {@code --shard} writes these slices, for messages
     */
    static <S extends Slice> List<Loaded<S>> read(List<Path> inputs, String command, Parser<S> parser) {
        List<Loaded<S>> out = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                List<Path> files = sliceFiles(input);
                if (files.isEmpty()) {
                    throw new ScenarioException("--merge", input + " holds no slice file (shard-I-of-N.json); give the "
                            + "directories that '" + command + " --shard I/N --out DIR' wrote to");
                }
                for (Path f : files) {
                    out.add(load(f, parser));
                }
            } else if (Files.exists(input)) {
                out.add(load(input, parser));
            } else {
                throw new ScenarioException("--merge", input + ": no such file or directory");
            }
        }
        return out;
    }

    private static List<Path> sliceFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> SLICE_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static <S extends Slice> Loaded<S> load(Path file, Parser<S> parser) {
        String name = file.toString();
        return new Loaded<>(name, parser.parse(ScenarioLoader.readFile(file), name));
    }

    /** A compare sweep from its slices: every cell in setup order, runs in seed order. */
    static MergedCompare merge(List<Loaded<CompareSlice>> slices) {
        Merged<CompareSlice> m = merge(slices, SliceMerge::difference);
        CompareReport.Setup setup = m.first().slice().setup();
        List<CompareReport.Cell> cells = new ArrayList<>();
        int next = 0;
        for (String strategy : setup.strategies()) {
            for (int machines : setup.machines()) {
                cells.add(new CompareReport.Cell(strategy, machines, m.runs().subList(next, next + setup.seeds())));
                next += setup.seeds();
            }
        }
        return new MergedCompare(setup, m.first().slice().baseScenario(), m.first().file(), cells);
    }

    /**
     * A compare sweep put back together.
     *
     * @param setup the sweep's dimensions
     * @param baseScenario the base scenario as the slices echo it
     * @param baseSource the slice file the base scenario was taken from, for error messages
     * @param cells every cell of the sweep, in setup order, runs in seed order
     */
    record MergedCompare(CompareReport.Setup setup, ObjectNode baseScenario, String baseSource, List<CompareReport.Cell> cells) {
    }

    /**
     * The whole sweep's runs from its slices, in canonical order.
     *
     * @throws ScenarioException if no slice was given; if two slices belong to different sweeps or
     *     split it into different numbers of shards; if a shard is given twice or is missing; or if
     *     a slice holds a run its shard does not own, a run twice, or not every run it owns
     */
    static <S extends Slice> Merged<S> merge(List<Loaded<S>> slices, Difference<S> difference) {
        if (slices.isEmpty()) {
            throw new ScenarioException("--merge", "no slices given");
        }
        Loaded<S> first = slices.get(0);
        int count = first.slice().shard().count();
        Map<Integer, Loaded<S>> byIndex = new TreeMap<>();
        for (Loaded<S> l : slices) {
            if (!l.slice().fingerprint().equals(first.slice().fingerprint())) {
                throw new ScenarioException("--merge", first.file() + " and " + l.file() + " are slices of different sweeps: "
                        + difference.of(first.slice(), l.slice()) + "; merge the slices of one sweep");
            }
            if (l.slice().shard().count() != count) {
                throw new ScenarioException("--merge", first.named() + " and " + l.named() + " cut the sweep into different "
                        + "numbers of shards (" + count + " and " + l.slice().shard().count() + "); merge slices of one --shard I/N run");
            }
            Loaded<S> twice = byIndex.put(l.slice().shard().index(), l);
            if (twice != null) {
                throw new ScenarioException("--merge", "shard " + l.slice().shard() + " is given twice: " + twice.file() + " and "
                        + l.file() + "; give each slice once");
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(new Shard(i, count).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new ScenarioException("--merge", (missing.size() == 1 ? "shard " + missing.get(0) + " is" : "shards "
                    + String.join(", ", missing) + " are") + " missing (have " + have(byIndex) + "); run "
                    + (missing.size() == 1 ? "it" : "them") + " with --shard and merge again");
        }
        long total = first.slice().totalRuns();
        if (total > Integer.MAX_VALUE) {
            throw new ScenarioException("--merge", "a sweep of " + total + " runs is too large to merge in one process");
        }
        RunSummary[] runs = new RunSummary[(int) total];
        for (Loaded<S> l : byIndex.values()) {
            place(l, runs);
        }
        return new Merged<>(first, Arrays.asList(runs));
    }

    /**
     * Puts {@code l}'s runs into their slots, checking that each belongs to its shard and comes
     * once, and that none of the shard's runs is missing. With the shards 1..N each given once,
     * that fills every slot exactly once.
     */
    private static void place(Loaded<? extends Slice> l, RunSummary[] runs) {
        Slice slice = l.slice();
        Shard shard = slice.shard();
        for (int i = 0; i < slice.size(); i++) {
            String what = slice.describe(i);
            long index = slice.indexOf(i);
            if (index < 0) {
                throw sliceError(l, "runs[" + i + "]", what + " is not a run of the sweep the file describes");
            }
            if (!shard.owns(index)) {
                throw sliceError(l, "runs[" + i + "]", what + " is run " + index + " of the sweep, which belongs to shard "
                        + (index % shard.count() + 1) + "/" + shard.count() + ", not " + shard);
            }
            if (runs[(int) index] != null) {
                throw sliceError(l, "runs[" + i + "]", what + " appears twice in the slice");
            }
            runs[(int) index] = slice.summary(i);
        }
        long expected = shard.runsOf(slice.totalRuns());
        if (slice.size() != expected) {
            throw sliceError(l, "runs", "holds " + slice.size() + " of shard " + shard + "'s " + expected
                    + " runs; the file is incomplete: run its shard again");
        }
    }

    private static ScenarioException sliceError(Loaded<?> l, String path, String problem) {
        return new ScenarioException(path, problem).withSource(l.file());
    }

    private static String have(Map<Integer, ? extends Loaded<?>> byIndex) {
        List<String> out = new ArrayList<>();
        for (Loaded<?> l : byIndex.values()) {
            out.add(l.slice().shard().toString());
        }
        return String.join(", ", out);
    }

    /** How two sweeps differ, in the terms of the command line that made them: the first difference found. */
    static String difference(CompareSlice a, CompareSlice b) {
        CompareReport.Setup x = a.setup();
        CompareReport.Setup y = b.setup();
        if (!x.scenarioSource().equals(y.scenarioSource())) {
            return "the base scenario came from " + x.scenarioSource() + " and from " + y.scenarioSource();
        }
        if (!x.strategies().equals(y.strategies())) {
            return "--strategies " + String.join(",", x.strategies()) + " and " + String.join(",", y.strategies());
        }
        if (!x.machines().equals(y.machines())) {
            return "--machines " + ints(x.machines()) + " and " + ints(y.machines());
        }
        if (x.seeds() != y.seeds()) {
            return "--seeds " + x.seeds() + " and " + y.seeds();
        }
        if (x.firstSeed() != y.firstSeed()) {
            return "first seed " + x.firstSeed() + " and " + y.firstSeed();
        }
        return baseDifference(a.baseScenario(), b.baseScenario());
    }

    /** How two sensitivity sweeps differ, in the terms of the command line that made them: the first difference found. */
    static String difference(SensitivitySlice a, SensitivitySlice b) {
        SensitivitySlice.Sweep x = a.sweep();
        SensitivitySlice.Sweep y = b.sweep();
        Tornado.Setup s = x.setup();
        Tornado.Setup t = y.setup();
        if (!s.source().equals(t.source())) {
            return "the base scenario came from " + s.source() + " and from " + t.source();
        }
        if (!s.strategy().equals(t.strategy())) {
            return "--strategy " + s.strategy() + " and " + t.strategy();
        }
        if (s.machines() != t.machines()) {
            return "--machines " + s.machines() + " and " + t.machines();
        }
        if (s.seeds() != t.seeds()) {
            return "--seeds " + s.seeds() + " and " + t.seeds();
        }
        if (s.firstSeed() != t.firstSeed()) {
            return "first seed " + s.firstSeed() + " and " + t.firstSeed();
        }
        if (s.points() != t.points()) {
            return "--points " + s.points() + " and " + t.points();
        }
        if (s.metric() != t.metric()) {
            return "--metric " + s.metric().id() + " and " + t.metric().id();
        }
        if (!x.parameters().equals(y.parameters())) {
            return "the parameters varied (--params, --vary) " + ranges(x.parameters()) + " and " + ranges(y.parameters());
        }
        if (!x.baseScenario().equals(y.baseScenario())) {
            return baseDifference(x.baseScenario(), y.baseScenario());
        }
        if (!x.simulator().equals(y.simulator())) {
            return "they were run by builds that simulate differently (the baseline's first run has trace hash " + x.simulator()
                    + " in one and " + y.simulator() + " in the other): run every shard with the same build";
        }
        return "they plan different points (" + x.cells().size() + " and " + y.cells().size() + "): run every shard with the same build";
    }

    private static String ranges(List<SensitivitySlice.Range> rs) {
        List<String> out = new ArrayList<>();
        for (SensitivitySlice.Range r : rs) {
            out.add(r.path() + "=" + Parameter.format(r.low()) + ".." + Parameter.format(r.high()));
        }
        return out.isEmpty() ? "(none)" : String.join(",", out);
    }

    /** Where two base scenarios differ: {@code their base scenarios differ at platform.proxyRetries (...)}. */
    static String baseDifference(JsonNode a, JsonNode b) {
        String at = firstDifference(a, b, "");
        return "their base scenarios differ at " + (at.isEmpty() ? "the top" : at) + " (another scenario file or --set)";
    }

    private static String ints(List<Integer> xs) {
        List<String> out = new ArrayList<>();
        xs.forEach(x -> out.add(String.valueOf(x)));
        return String.join(",", out);
    }

    /** The JSON path of the first place {@code a} and {@code b} differ, "" if at the root. */
    private static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a.isObject() && b.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode other = b.get(e.getKey());
                if (other == null) {
                    return p;
                }
                if (!e.getValue().equals(other)) {
                    return firstDifference(e.getValue(), other, p);
                }
            }
            Iterator<String> names = b.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!a.has(n)) {
                    return path.isEmpty() ? n : path + "." + n;
                }
            }
            return path;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    return firstDifference(a.get(i), b.get(i), path + "[" + i + "]");
                }
            }
        }
        return path;
    }
}

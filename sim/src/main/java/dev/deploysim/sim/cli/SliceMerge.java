package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.report.CompareReport;
import dev.deploysim.sim.report.CompareSlice;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Puts a sharded comparison back together ({@code compare --merge}): reads the slice files, checks
 * that they are the N slices of one sweep, each exactly once and each complete, and lays their
 * runs out in the sweep's canonical order, the order an unsharded run reports them in. Every
 * problem is one {@link ScenarioException} (exit 2) naming the file or files and what is wrong.
 */
final class SliceMerge {
    /** The names {@code compare --shard} gives slice files. */
    private static final Pattern SLICE_FILE = Pattern.compile("shard-[0-9]+-of-[0-9]+\\.json");

    /** A slice and the file it was read from. */
    record Loaded(String file, CompareSlice slice) {
        Loaded {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(slice, "slice");
        }

        String named() {
            return file + " (shard " + slice.shard() + ")";
        }
    }

    /**
     * The sweep put back together.
     *
     * @param setup the sweep's dimensions
     * @param baseScenario the base scenario as the slices echo it
     * @param baseSource the slice file the base scenario was taken from, for error messages
     * @param cells every cell of the sweep, in setup order, runs in seed order
     */
    record Merged(CompareReport.Setup setup, ObjectNode baseScenario, String baseSource, List<CompareReport.Cell> cells) {
    }

    private SliceMerge() {
    }

    /**
     * Reads every slice under {@code inputs}: a directory contributes its {@code shard-I-of-N.json}
     * files (in name order), a file itself.
     */
    static List<Loaded> read(List<Path> inputs) {
        List<Loaded> out = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                List<Path> files = sliceFiles(input);
                if (files.isEmpty()) {
                    throw new ScenarioException("--merge", input + " holds no slice file (shard-I-of-N.json); give the "
                            + "directories that 'compare --shard I/N --out DIR' wrote to");
                }
                for (Path f : files) {
                    out.add(load(f));
                }
            } else if (Files.exists(input)) {
                out.add(load(input));
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

    private static Loaded load(Path file) {
        String name = file.toString();
        return new Loaded(name, CompareSlice.parse(ScenarioLoader.readFile(file), name));
    }

    /**
     * The whole sweep from its slices.
     *
     * @throws ScenarioException if no slice was given; if two slices belong to different sweeps or
     *     split it into different numbers of shards; if a shard is given twice or is missing; or if
     *     a slice holds a run its shard does not own, a run twice, or not every run it owns
     */
    static Merged merge(List<Loaded> slices) {
        if (slices.isEmpty()) {
            throw new ScenarioException("--merge", "no slices given");
        }
        Loaded first = slices.get(0);
        CompareReport.Setup setup = first.slice().setup();
        int count = first.slice().shard().count();
        Map<Integer, Loaded> byIndex = new TreeMap<>();
        for (Loaded l : slices) {
            if (!l.slice().fingerprint().equals(first.slice().fingerprint())) {
                throw new ScenarioException("--merge", first.file() + " and " + l.file() + " are slices of different sweeps: "
                        + difference(first.slice(), l.slice()) + "; merge the slices of one sweep");
            }
            if (l.slice().shard().count() != count) {
                throw new ScenarioException("--merge", first.named() + " and " + l.named() + " cut the sweep into different "
                        + "numbers of shards (" + count + " and " + l.slice().shard().count() + "); merge slices of one --shard I/N run");
            }
            Loaded twice = byIndex.put(l.slice().shard().index(), l);
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
        long total = CompareSlice.totalRuns(setup);
        if (total > Integer.MAX_VALUE) {
            throw new ScenarioException("--merge", "a sweep of " + total + " runs is too large to merge in one process");
        }
        RunSummary[] runs = new RunSummary[(int) total];
        for (Loaded l : byIndex.values()) {
            place(l, setup, runs);
        }
        List<CompareReport.Cell> cells = new ArrayList<>();
        int next = 0;
        for (String strategy : setup.strategies()) {
            for (int machines : setup.machines()) {
                List<RunSummary> cell = new ArrayList<>(setup.seeds());
                for (int i = 0; i < setup.seeds(); i++) {
                    cell.add(runs[next++]);
                }
                cells.add(new CompareReport.Cell(strategy, machines, cell));
            }
        }
        return new Merged(setup, first.slice().baseScenario(), first.file(), cells);
    }

    /**
     * Puts {@code l}'s runs into their slots, checking that each belongs to its shard and comes
     * once, and that none of the shard's runs is missing. With the shards 1..N each given once,
     * that fills every slot exactly once.
     */
    private static void place(Loaded l, CompareReport.Setup setup, RunSummary[] runs) {
        Shard shard = l.slice().shard();
        List<CompareSlice.Run> own = l.slice().runs();
        for (int i = 0; i < own.size(); i++) {
            CompareSlice.Run r = own.get(i);
            String what = r.strategy() + " at " + r.machines() + (r.machines() == 1 ? " machine" : " machines") + ", seed "
                    + r.summary().seed();
            long index = CompareSlice.runIndex(setup, r.strategy(), r.machines(), r.summary().seed());
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
            runs[(int) index] = r.summary();
        }
        long expected = shard.runsOf(CompareSlice.totalRuns(setup));
        if (own.size() != expected) {
            throw sliceError(l, "runs", "holds " + own.size() + " of shard " + shard + "'s " + expected
                    + " runs; the file is incomplete: run its shard again");
        }
    }

    private static ScenarioException sliceError(Loaded l, String path, String problem) {
        return new ScenarioException(path, problem).withSource(l.file());
    }

    private static String have(Map<Integer, Loaded> byIndex) {
        List<String> out = new ArrayList<>();
        for (Loaded l : byIndex.values()) {
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
        String at = firstDifference(a.baseScenario(), b.baseScenario(), "");
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

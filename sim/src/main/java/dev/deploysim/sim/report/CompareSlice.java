package dev.deploysim.sim.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.run.RunMetrics;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One slice of a sharded comparison ({@code compare --shard I/N}): the sweep it belongs to, which
 * slice it is, and the summaries of its runs at full precision, so that merging the slices gives
 * the very rows an unsharded run computes. The compare JSON rounds each run to the millisecond;
 * a slice must not, because a row's mean over rounded values is not the mean over exact ones.
 * Doubles are written in Java's shortest round-trip form and read back bit for bit.
 *
 * <p>The file ({@link #text}): {@code {format, formatVersion, shard, shards, fingerprint, sweep
 * {scenarioSource, strategies, machines, seeds, firstSeed, baseScenario}, runs [{strategy,
 * machines, seed, appMachines, outcome, outcomeDetail, deploySeconds, minServing,
 * zeroServingSeconds, probes {sent, ok, slow, failed, p50LatencyNanos, p99LatencyNanos,
 * maxLatencyNanos}, peakMachines, machineSeconds, violations [{invariant, atNanos, detail}],
 * promised [...], checkers, traceHash}]}}, one run a line, runs in the sweep's canonical order.
 * {@code machines} of a run is the compared size (the {@code --machines} value), {@code
 * appMachines} the machines started over every process group.
 *
 * @param setup the whole sweep's dimensions (not just this slice's)
 * @param baseScenario the base scenario's canonical tree, as the compare JSON echoes it
 * @param shard which slice this is
 * @param runs this slice's runs, in canonical order
 */
public record CompareSlice(CompareReport.Setup setup, ObjectNode baseScenario, Shard shard, List<Run> runs) implements Slice {
    /** The value of the file's {@code format} field: what marks a file as a slice. */
    public static final String FORMAT = "deploysim compare slice";
    /** The only format version there is. */
    public static final int FORMAT_VERSION = 1;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * One run of the slice.
     *
     * @param strategy the row's strategy
     * @param machines the row's size (the {@code --machines} value)
     * @param summary the run
     */
    public record Run(String strategy, int machines, RunSummary summary) {
        public Run {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(summary, "summary");
        }
    }

    public CompareSlice {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(baseScenario, "baseScenario");
        Objects.requireNonNull(shard, "shard");
        runs = List.copyOf(runs);
    }

    /** How many runs the whole sweep has: strategies × sizes × seeds. */
    public static long totalRuns(CompareReport.Setup setup) {
        return (long) setup.strategies().size() * setup.machines().size() * setup.seeds();
    }

    /**
     * The position of a run in the sweep's canonical order (strategies, then sizes, then seeds,
     * each in the setup's order), or -1 if the sweep has no such run.
     */
    public static long runIndex(CompareReport.Setup setup, String strategy, int machines, long seed) {
        int s = setup.strategies().indexOf(strategy);
        int m = setup.machines().indexOf(machines);
        long i = seed - setup.firstSeed();
        if (s < 0 || m < 0 || i < 0 || i >= setup.seeds()) {
            return -1;
        }
        return ((long) s * setup.machines().size() + m) * setup.seeds() + i;
    }

    /** What identifies the sweep: its dimensions and base scenario; equal for every slice of one sweep. */
    public ObjectNode sweepJson() {
        ObjectNode o = F.objectNode();
        o.put("scenarioSource", setup.scenarioSource());
        o.put("platform", setup.platform());
        ArrayNode s = o.putArray("strategies");
        setup.strategies().forEach(s::add);
        ArrayNode m = o.putArray("machines");
        setup.machines().forEach(m::add);
        o.put("seeds", setup.seeds());
        o.put("firstSeed", setup.firstSeed());
        o.set("baseScenario", baseScenario);
        return o;
    }

    /** The sweep's fingerprint: the first 16 hex digits of the SHA-256 of {@link #sweepJson}'s canonical text. */
    @Override
    public String fingerprint() {
        return fingerprintOf(sweepJson());
    }

    /** The first 16 hex digits of the SHA-256 of {@code sweep}'s canonical text: every slice kind's fingerprint. */
    public static String fingerprintOf(ObjectNode sweep) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(JsonText.print(sweep).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public long totalRuns() {
        return totalRuns(setup);
    }

    @Override
    public int size() {
        return runs.size();
    }

    @Override
    public long indexOf(int i) {
        Run r = runs.get(i);
        return runIndex(setup, r.strategy(), r.machines(), r.summary().seed());
    }

    @Override
    public String describe(int i) {
        Run r = runs.get(i);
        return r.strategy() + " at " + r.machines() + (r.machines() == 1 ? " machine" : " machines") + ", seed " + r.summary().seed();
    }

    @Override
    public RunSummary summary(int i) {
        return runs.get(i).summary();
    }

    /** The slice file's text: the header as a scenario file is printed, then one run a line. */
    public String text() {
        List<ObjectNode> lines = new ArrayList<>();
        for (Run r : runs) {
            lines.add(runJson(r));
        }
        return text(FORMAT, FORMAT_VERSION, shard, fingerprint(), sweepJson(), lines);
    }

    /**
     * A slice file's text, whatever the sweep: {@code format}, {@code formatVersion}, {@code shard},
     * {@code shards}, {@code fingerprint} and {@code sweep} as a scenario file is printed, then
     * {@code runs}, one a line.
     */
    public static String text(String format, int formatVersion, Shard shard, String fingerprint, ObjectNode sweep,
                              List<ObjectNode> runs) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"format\": ").append(TextNode.valueOf(format)).append(",\n");
        sb.append("  \"formatVersion\": ").append(formatVersion).append(",\n");
        sb.append("  \"shard\": ").append(shard.index()).append(",\n");
        sb.append("  \"shards\": ").append(shard.count()).append(",\n");
        sb.append("  \"fingerprint\": ").append(TextNode.valueOf(fingerprint)).append(",\n");
        sb.append("  \"sweep\": ").append(JsonText.print(sweep).strip().replace("\n", "\n  ")).append(",\n");
        sb.append("  \"runs\": [");
        for (int i = 0; i < runs.size(); i++) {
            sb.append(i == 0 ? "\n    " : ",\n    ").append(runs.get(i));
        }
        sb.append(runs.isEmpty() ? "]\n" : "\n  ]\n");
        return sb.append("}\n").toString();
    }

    /** One run as a slice line: its row's strategy and size, then the summary at full precision. */
    public static ObjectNode runJson(Run run) {
        RunSummary r = run.summary();
        RunMetrics m = r.metrics();
        ObjectNode j = F.objectNode();
        j.put("strategy", run.strategy());
        j.put("machines", run.machines());
        j.put("seed", r.seed());
        j.put("appMachines", r.machines());
        j.put("platform", r.platform());
        j.put("outcome", r.outcome());
        j.put("outcomeDetail", r.outcomeDetail());
        j.put("deploySeconds", m.deploySeconds());
        j.put("minServing", m.minServing());
        j.put("zeroServingSeconds", m.zeroServingSeconds());
        ObjectNode p = j.putObject("probes");
        p.put("sent", m.probes().sent());
        p.put("ok", m.probes().ok());
        p.put("slow", m.probes().slow());
        p.put("failed", m.probes().failed());
        p.put("p50LatencyNanos", m.probes().p50LatencyNanos());
        p.put("p99LatencyNanos", m.probes().p99LatencyNanos());
        p.put("maxLatencyNanos", m.probes().maxLatencyNanos());
        j.put("peakMachines", m.peakMachines());
        j.put("machineSeconds", m.machineSeconds());
        violationsJson(j.putArray("violations"), r.violations());
        violationsJson(j.putArray("promised"), r.promised());
        j.put("checkers", r.checkers());
        j.put("traceHash", r.traceHash());
        return j;
    }

    private static void violationsJson(ArrayNode a, List<Violation> violations) {
        for (Violation v : violations) {
            ObjectNode o = a.addObject();
            o.put("invariant", v.invariant());
            o.put("atNanos", v.atNanos());
            o.put("detail", v.detail());
        }
    }

    /**
     * Reads a slice file's text, checking every field and that the fingerprint matches the sweep
     * the file describes (so an edited or damaged file is refused, not merged).
     *
     * @param source the file's name, for error messages
     * @throws ScenarioException naming the file, the field and the problem, on one line
     */
    public static CompareSlice parse(String text, String source) {
        In in = new In(source);
        Header h = header(ScenarioLoader.parse(text, source), in, FORMAT, FORMAT_VERSION, "compare");
        JsonNode sweep = h.sweep();
        CompareReport.Setup setup = new CompareReport.Setup(in.textAt(sweep, "scenarioSource", "sweep.scenarioSource"),
                in.textAt(sweep, "platform", "sweep.platform"), in.texts(sweep, "strategies", "sweep.strategies"), in.ints(sweep, "machines", "sweep.machines"),
                in.intAt(sweep, "seeds", "sweep.seeds"), in.longAt(sweep, "firstSeed", "sweep.firstSeed"));
        ObjectNode base = (ObjectNode) in.objectAt(sweep, "baseScenario", "sweep.baseScenario");
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < h.runs().size(); i++) {
            runs.add(in.run(h.runs().get(i), "runs[" + i + "]"));
        }
        CompareSlice slice = new CompareSlice(setup, base, h.shard(), runs);
        h.checkFingerprint(in, slice.fingerprint());
        return slice;
    }

    /**
     * A slice file's header, read and checked: which shard, the recorded fingerprint, the sweep
     * (an object) and the runs (an array), whatever the sweep.
     */
    public record Header(Shard shard, String fingerprint, JsonNode sweep, JsonNode runs) {
        /**
         * @throws ScenarioException when the fingerprint the file records is not {@code computed}, the
         *     fingerprint of the sweep the file describes
         */
        public void checkFingerprint(In in, String computed) {
            if (!fingerprint.equals(computed)) {
                throw in.error("fingerprint", fingerprint + " does not match the sweep the file describes (" + computed
                        + "); the file was edited or damaged: run its shard again");
            }
        }
    }

    /**
     * Reads the header of a slice of {@code command}'s sweeps, whose {@code format} is {@code format}.
     *
     * @throws ScenarioException when the file is not such a slice (naming the command that merges it
     *     when it is another command's slice), or a header field is missing or mistyped
     */
    public static Header header(JsonNode root, In in, String format, int formatVersion, String command) {
        String given = root.isObject() ? root.path("format").asText(null) : null;
        if (!format.equals(given)) {
            if (given != null && given.startsWith("deploysim ") && given.endsWith(" slice") && given.length() > 16) {
                String other = given.substring("deploysim ".length(), given.length() - " slice".length());
                throw in.error("format", "a " + other + " slice, not a " + command + " slice; merge it with 'deploysim " + other
                        + " --merge'");
            }
            throw in.error("format", "not a " + command + " slice (a file 'deploysim " + command + " --shard I/N --out DIR' writes)");
        }
        if (in.intAt(root, "formatVersion", "formatVersion") != formatVersion) {
            throw in.error("formatVersion", "this build reads slice format " + formatVersion + " only, was "
                    + root.get("formatVersion"));
        }
        int index = in.intAt(root, "shard", "shard");
        int count = in.intAt(root, "shards", "shards");
        if (count < 1 || index < 1 || index > count) {
            throw in.error("shard", "must be 1.." + count + " of " + count + " shards, was " + index);
        }
        JsonNode sweep = in.objectAt(root, "sweep", "sweep");
        JsonNode list = in.need(root, "runs", "runs");
        if (!list.isArray()) {
            throw in.error("runs", "must be an array of runs");
        }
        return new Header(new Shard(index, count), in.textAt(root, "fingerprint", "fingerprint"), sweep, list);
    }

    /** Field readers that name the file and the path of whatever is missing or mistyped. */
    public record In(String source) {
        public ScenarioException error(String path, String problem) {
            return new ScenarioException(path, problem).withSource(source);
        }

        public JsonNode need(JsonNode o, String field, String path) {
            JsonNode n = o.isObject() ? o.get(field) : null;
            if (n == null || n.isNull()) {
                throw error(path, "missing; the file is not a complete slice: run its shard again");
            }
            return n;
        }

        public JsonNode objectAt(JsonNode o, String field, String path) {
            JsonNode n = need(o, field, path);
            if (!n.isObject()) {
                throw error(path, "must be an object");
            }
            return n;
        }

        public String textAt(JsonNode o, String field, String path) {
            JsonNode n = need(o, field, path);
            if (!n.isTextual()) {
                throw error(path, "must be a string, was " + n);
            }
            return n.asText();
        }

        public long longAt(JsonNode o, String field, String path) {
            JsonNode n = need(o, field, path);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw error(path, "must be an integer, was " + n);
            }
            return n.asLong();
        }

        public int intAt(JsonNode o, String field, String path) {
            JsonNode n = need(o, field, path);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw error(path, "must be an integer, was " + n);
            }
            return n.asInt();
        }

        public double doubleAt(JsonNode o, String field, String path) {
            JsonNode n = need(o, field, path);
            if (!n.isNumber()) {
                throw error(path, "must be a number, was " + n);
            }
            return n.doubleValue();
        }

        public List<String> texts(JsonNode o, String field, String path) {
            JsonNode n = need(o, field, path);
            if (!n.isArray()) {
                throw error(path, "must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                if (!n.get(i).isTextual()) {
                    throw error(path + "[" + i + "]", "must be a string, was " + n.get(i));
                }
                out.add(n.get(i).asText());
            }
            return out;
        }

        public List<Integer> ints(JsonNode o, String field, String path) {
            JsonNode n = need(o, field, path);
            if (!n.isArray()) {
                throw error(path, "must be an array of integers");
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                if (!n.get(i).isIntegralNumber() || !n.get(i).canConvertToInt()) {
                    throw error(path + "[" + i + "]", "must be an integer, was " + n.get(i));
                }
                out.add(n.get(i).asInt());
            }
            return out;
        }

        public Run run(JsonNode r, String path) {
            if (!r.isObject()) {
                throw error(path, "must be an object");
            }
            JsonNode p = objectAt(r, "probes", path + ".probes");
            String pp = path + ".probes.";
            ProbeStats probes;
            try {
                probes = new ProbeStats(longAt(p, "sent", pp + "sent"), longAt(p, "ok", pp + "ok"), longAt(p, "slow", pp + "slow"),
                        longAt(p, "failed", pp + "failed"), longAt(p, "p50LatencyNanos", pp + "p50LatencyNanos"),
                        longAt(p, "p99LatencyNanos", pp + "p99LatencyNanos"), longAt(p, "maxLatencyNanos", pp + "maxLatencyNanos"));
            } catch (IllegalArgumentException e) {
                throw error(path + ".probes", e.getMessage());
            }
            RunMetrics metrics = new RunMetrics(doubleAt(r, "deploySeconds", path + ".deploySeconds"),
                    intAt(r, "minServing", path + ".minServing"), doubleAt(r, "zeroServingSeconds", path + ".zeroServingSeconds"),
                    probes, intAt(r, "peakMachines", path + ".peakMachines"), doubleAt(r, "machineSeconds", path + ".machineSeconds"));
            String strategy = textAt(r, "strategy", path + ".strategy");
            RunSummary summary = new RunSummary(strategy, longAt(r, "seed", path + ".seed"), intAt(r, "appMachines", path + ".appMachines"),
                    textAt(r, "platform", path + ".platform"), textAt(r, "outcome", path + ".outcome"), textAt(r, "outcomeDetail", path + ".outcomeDetail"), metrics,
                    violations(r, "violations", path + ".violations"), violations(r, "promised", path + ".promised"),
                    intAt(r, "checkers", path + ".checkers"), textAt(r, "traceHash", path + ".traceHash"));
            return new Run(strategy, intAt(r, "machines", path + ".machines"), summary);
        }

        public List<Violation> violations(JsonNode r, String field, String path) {
            JsonNode n = need(r, field, path);
            if (!n.isArray()) {
                throw error(path, "must be an array of violations");
            }
            List<Violation> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                String vp = path + "[" + i + "]";
                JsonNode v = n.get(i);
                out.add(new Violation(textAt(v, "invariant", vp + ".invariant"), longAt(v, "atNanos", vp + ".atNanos"),
                        textAt(v, "detail", vp + ".detail")));
            }
            return out;
        }
    }
}

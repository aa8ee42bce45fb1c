package dev.deploysim.sim.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.run.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The report of a comparison in its three text forms: the compare JSON, the rows as CSV, and a
 * table for a terminal. Input is given in a fixed order (strategies, then sizes, then seeds), so
 * the report is byte-identical however the runs were scheduled.
 *
 * <p>Compare JSON: {@code {scenarioSource, strategies, machines, seeds, firstSeed, complete, rows
 * [CompareRow...], runs [{strategy, machines, seed, outcome, deploySeconds, zeroServingSeconds,
 * minServing, probesSent, probesFailed, peakMachines, machineSeconds, violations,
 * promisedViolations, traceHash}], baseScenario}}. {@code runs} lists every run behind the rows
 * (the report page draws its distributions from them); {@code baseScenario} is the scenario each
 * run starts from before its strategy, size and seed are set (named so that {@code replay} does
 * not mistake a compare file for a run's result).
 */
public final class CompareReport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The CSV header of {@link #csv}. */
    public static final List<String> CSV_COLUMNS = List.of("strategy", "machines", "runs", "deployP50", "deployP95",
            "deployP99", "zeroServingMean", "zeroServingMax", "runsWithZeroServing", "failedProbeRate", "minServing",
            "peakMachines", "machineSecondsMean", "succeeded", "failed", "rolledBack", "unfinished", "runsWithViolations",
            "runsWithBrokenPromises", "sweepComplete");

    /**
     * What was compared.
     *
     * @param scenarioSource where the base scenario came from (a file name, or the built-in default)
     * @param platform the base scenario's platform: its profile and overridden fields
     * @param strategies the strategies, in row order
     * @param machines the app sizes, in row order within a strategy
     * @param seeds runs per strategy and size
     * @param firstSeed the seed of each row's first run; run {@code i} uses {@code firstSeed + i}
     */
    public record Setup(String scenarioSource, String platform, List<String> strategies, List<Integer> machines, int seeds,
                        long firstSeed) {
        public Setup {
            Objects.requireNonNull(scenarioSource, "scenarioSource");
            Objects.requireNonNull(platform, "platform");
            strategies = List.copyOf(strategies);
            machines = List.copyOf(machines);
        }
    }

    /**
     * The runs of one strategy at one size, in seed order.
     *
     * @param machines the size compared (the {@code --machines} value)
     */
    public record Cell(String strategy, int machines, List<RunSummary> runs) {
        public Cell {
            Objects.requireNonNull(strategy, "strategy");
            runs = List.copyOf(runs);
        }

        public CompareRow row() {
            return CompareRow.of(strategy, machines, runs);
        }
    }

    private CompareReport() {
    }

    /**
     * The compare JSON.
     *
     * @param cells the finished cells, in setup order
     * @param complete false when the sweep was interrupted and some cells are missing
     * @param baseScenario the base scenario's canonical tree, or null to leave it out
     */
    public static ObjectNode json(Setup setup, List<Cell> cells, boolean complete, JsonNode baseScenario) {
        ObjectNode o = F.objectNode();
        o.put("scenarioSource", setup.scenarioSource());
        o.put("platform", setup.platform());
        ArrayNode s = o.putArray("strategies");
        setup.strategies().forEach(s::add);
        ArrayNode m = o.putArray("machines");
        setup.machines().forEach(m::add);
        o.put("seeds", setup.seeds());
        o.put("firstSeed", setup.firstSeed());
        o.put("complete", complete);
        ArrayNode rows = o.putArray("rows");
        for (Cell c : cells) {
            rows.add(rowJson(c.row()));
        }
        ArrayNode runs = o.putArray("runs");
        for (Cell c : cells) {
            for (RunSummary r : c.runs()) {
                ObjectNode j = runs.addObject();
                j.put("strategy", c.strategy());
                j.put("machines", c.machines());
                j.put("seed", r.seed());
                j.put("outcome", r.outcome());
                j.put("deploySeconds", Numbers.ms(r.metrics().deploySeconds()));
                j.put("zeroServingSeconds", Numbers.ms(r.metrics().zeroServingSeconds()));
                j.put("minServing", r.metrics().minServing());
                j.put("probesSent", r.probes().sent());
                j.put("probesFailed", r.probes().failed());
                j.put("peakMachines", r.metrics().peakMachines());
                j.put("machineSeconds", Numbers.ms(r.metrics().machineSeconds()));
                j.put("violations", r.violations().size());
                j.put("promisedViolations", r.promised().size());
                j.put("traceHash", r.traceHash());
            }
        }
        if (baseScenario != null) {
            o.set("baseScenario", baseScenario);
        }
        return o;
    }

    /** One row as JSON, with the fixed field names. */
    public static ObjectNode rowJson(CompareRow r) {
        ObjectNode j = F.objectNode();
        j.put("strategy", r.strategy());
        j.put("machines", r.machines());
        j.put("runs", r.runs());
        ObjectNode d = j.putObject("deploySeconds");
        d.put("p50", r.deploySeconds().p50());
        d.put("p95", r.deploySeconds().p95());
        d.put("p99", r.deploySeconds().p99());
        ObjectNode z = j.putObject("zeroServingSeconds");
        z.put("mean", r.zeroServingSeconds().mean());
        z.put("max", r.zeroServingSeconds().max());
        j.put("runsWithZeroServing", r.runsWithZeroServing());
        j.put("failedProbeRate", r.failedProbeRate());
        j.put("minServing", r.minServing());
        j.put("peakMachines", r.peakMachines());
        j.put("machineSecondsMean", r.machineSecondsMean());
        ObjectNode out = j.putObject("outcomes");
        out.put("succeeded", r.outcomes().succeeded());
        out.put("failed", r.outcomes().failed());
        out.put("rolled_back", r.outcomes().rolledBack());
        out.put("unfinished", r.outcomes().unfinished());
        j.put("runsWithViolations", r.runsWithViolations());
        j.put("runsWithBrokenPromises", r.runsWithBrokenPromises());
        return j;
    }

    /**
     * The rows as CSV: the header {@link #CSV_COLUMNS} and one line per row; every row's last
     * column says whether the sweep finished ({@code complete} of the JSON), so a CSV read on its
     * own cannot pass an interrupted sweep's rows off as the whole comparison.
     */
    public static String csv(List<CompareRow> rows, boolean complete) {
        StringBuilder sb = new StringBuilder(Csv.line(CSV_COLUMNS));
        for (CompareRow r : rows) {
            sb.append(Csv.line(List.of(r.strategy(), r.machines(), r.runs(), r.deploySeconds().p50(), r.deploySeconds().p95(),
                    r.deploySeconds().p99(), r.zeroServingSeconds().mean(), r.zeroServingSeconds().max(),
                    r.runsWithZeroServing(), r.failedProbeRate(), r.minServing(), r.peakMachines(), r.machineSecondsMean(),
                    r.outcomes().succeeded(), r.outcomes().failed(), r.outcomes().rolledBack(), r.outcomes().unfinished(),
                    r.runsWithViolations(), r.runsWithBrokenPromises(), complete)));
        }
        return sb.toString();
    }

    /** The column headers of {@link #table}, and how each cell is aligned. */
    private static final List<String> TABLE_HEAD = List.of("strategy", "machines", "succeeded", "deploy p50", "p95", "p99",
            "zero-serving mean", "max", "runs with zero", "failed probes", "min serving", "peak machines", "machine-s");

    /** The rows as an aligned text table with a one-line legend under it. */
    public static String table(List<CompareRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(TABLE_HEAD);
        for (CompareRow r : rows) {
            cells.add(List.of(r.strategy(), String.valueOf(r.machines()), r.outcomes().succeeded() + "/" + r.runs(),
                    Numbers.fixed(r.deploySeconds().p50(), 1), Numbers.fixed(r.deploySeconds().p95(), 1),
                    Numbers.fixed(r.deploySeconds().p99(), 1), Numbers.fixed(r.zeroServingSeconds().mean(), 1),
                    Numbers.fixed(r.zeroServingSeconds().max(), 1), r.runsWithZeroServing() + "/" + r.runs(),
                    Numbers.percent(r.failedProbeRate()), String.valueOf(r.minServing()),
                    String.valueOf(r.peakMachines()), Numbers.fixed(r.machineSecondsMean(), 0)));
        }
        int[] width = new int[TABLE_HEAD.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String previous = null;
        for (int l = 0; l < cells.size(); l++) {
            List<String> line = cells.get(l);
            if (l > 1 && !line.get(0).equals(previous)) {
                sb.append('\n');
            }
            previous = line.get(0);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                String c = line.get(i);
                if (i > 0) {
                    out.append("  ");
                }
                String pad = " ".repeat(width[i] - c.length());
                out.append(i == 0 ? c + pad : pad + c);
            }
            sb.append(out.toString().stripTrailing()).append('\n');
        }
        sb.append("\nSeconds of virtual time. deploy: from the deploy's start to its end (p50/p95/p99 over the runs).\n")
                .append("zero-serving: time with no machine both routed to by the proxy and able to answer, from the\n")
                .append("deploy's start to the end of the run. failed probes: share of the HTTP probes that got no answer,\n")
                .append("from ").append(Runner.WARMUP_NANOS / 1_000_000_000L).append(" s before the deploy to ")
                .append(Runner.SETTLE_NANOS / 1_000_000_000L).append(" s after it. machine-s: mean machine-seconds per deploy\n")
                .append("(the cost of surge).\n");
        // a strategy none of whose runs succeeded at some size: why, once per strategy and reason
        java.util.LinkedHashMap<List<String>, List<String>> sizes = new java.util.LinkedHashMap<>(); // [strategy, reason]
        for (CompareRow r : rows) {
            if (r.outcomes().succeeded() == 0) {
                String reason = r.firstUnsucceeded().replaceFirst("^seed \\d+: ", "");
                sizes.computeIfAbsent(List.of(r.strategy(), reason), k -> new ArrayList<>()).add(String.valueOf(r.machines()));
            }
        }
        sizes.forEach((key, n) -> sb.append('\n').append(key.get(0)).append(": no run succeeded at ")
                .append(String.join(", ", n)).append(n.equals(List.of("1")) ? " machine" : " machines").append("; ")
                .append(key.get(1)).append('\n'));
        return sb.toString();
    }
}

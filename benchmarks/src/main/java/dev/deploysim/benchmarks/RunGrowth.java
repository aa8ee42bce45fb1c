package dev.deploysim.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.cli.PromiseCheck;
import dev.deploysim.sim.fault.FaultInjector;
import dev.deploysim.sim.report.HtmlReport;
import dev.deploysim.sim.report.RunReport;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.report.RunTimeline;
import dev.deploysim.sim.report.TraceJsonl;
import dev.deploysim.sim.run.Checker;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.Assignment;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the CLI's {@code run --out} path grows with the machine count: the default scenario with
 * {@code --machines N} at two sizes, the standard runner's simulation and every one of its
 * checkers, the summary and every report {@code --out} writes, each phase timed on its own, and
 * the growth ratio of each phase and of the whole printed. With twice the machines, a path that
 * is O(events · log n) costs a little over 2x; a phase at 4x is quadratic, and the phase's name
 * says where.
 *
 * <p>Not a timed test and not JMH: one run at each size is the measurement (a 2,000-machine run
 * takes seconds), after one warm-up run at the small size. Phases are timed in the process's CPU
 * time (JIT and GC threads included) by default, because on a shared machine wall time measures
 * the neighbours; {@code -Dgrowth.clock=wall} times them on the wall clock. Run it with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1}, or the idle second carrier's spinning is
 * counted as CPU time. The phases are the work the CLI does,
 * in its order: {@code Runner.run} with no checkers (the simulation and the run's metrics), then
 * each of {@code Runners.standard()}'s checkers on that run exactly as {@code Runner.run} applies
 * them, then what {@code RunnerActions.run} does with the result.
 *
 * <p>How to run (after {@code mvn -B -q package -pl benchmarks -am -DskipTests}):
 * <pre>
 * java -Djdk.virtualThreadScheduler.parallelism=1 -cp benchmarks/target/benchmarks.jar \
 *     dev.deploysim.benchmarks.RunGrowth                       # rolling, 1000 and 2000
 * java -Djdk.virtualThreadScheduler.parallelism=1 -cp benchmarks/target/benchmarks.jar \
 *     dev.deploysim.benchmarks.RunGrowth rolling 2000 4000 [rounds]
 * </pre>
 * With {@code rounds} above 1 each size runs that many times, alternating, and the fastest of
 * each phase is kept (the machine is shared: the minimum is the least disturbed).
 */
public final class RunGrowth {
    /** A doubling of machines may cost at most this much (issue 17's target). */
    static final double MAX_DOUBLING_RATIO = 2.3;

    private RunGrowth() {
    }

    public static void main(String[] args) {
        String strategy = args.length > 0 ? args[0] : "rolling";
        int small = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int large = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;

        System.out.printf(Locale.ROOT, "run growth: %s, default scenario, --machines %d and %d, %d round(s), %d cores, "
                + "%s time%n", strategy, small, large, rounds, Runtime.getRuntime().availableProcessors(),
                "wall".equals(System.getProperty("growth.clock")) ? "wall" : "process CPU");
        measure(strategy, small); // warm-up (JIT), not reported
        Map<String, Long> a = null;
        Map<String, Long> b = null;
        for (int r = 0; r < rounds; r++) {
            a = fastest(a, measure(strategy, small));
            b = fastest(b, measure(strategy, large));
        }
        double sizeRatio = (double) large / small;
        double allowed = Math.pow(MAX_DOUBLING_RATIO, Math.log(sizeRatio) / Math.log(2));
        System.out.printf(Locale.ROOT, "%-28s %12s %12s %8s %9s%n", "phase", small + " (ms)", large + " (ms)", "ratio",
                "exponent");
        for (String phase : a.keySet()) {
            long ta = a.get(phase);
            long tb = b.get(phase);
            double ratio = ta == 0 ? Double.NaN : (double) tb / ta;
            System.out.printf(Locale.ROOT, "%-28s %12.1f %12.1f %8.2f %9.2f%n", phase, ta / 1e6, tb / 1e6, ratio,
                    Math.log(ratio) / Math.log(sizeRatio));
        }
        double total = (double) b.get("total") / a.get("total");
        System.out.printf(Locale.ROOT, "growth %.2fx for %.1fx machines (target at most %.2fx): %s%n", total, sizeRatio,
                allowed, total <= allowed ? "ok" : "TOO STEEP");
    }

    private static Map<String, Long> fastest(Map<String, Long> best, Map<String, Long> next) {
        if (best == null) {
            return next;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        best.forEach((k, v) -> out.put(k, Math.min(v, next.get(k))));
        return out;
    }

    /** The CLI's scenario for {@code run --strategy S --machines N}. */
    static Scenario scenario(ScenarioLoader loader, String strategy, int machines) {
        JsonNode tree = loader.toTree(loader.defaults());
        List<Assignment> set = new ArrayList<>();
        set.add(Assignment.parse("strategy={\"name\": \"" + strategy + "\"}"));
        for (int i = 0; i < tree.path("app").path("groups").size(); i++) {
            set.add(Assignment.of("app.groups[" + i + "].started", IntNode.valueOf(machines), "--machines " + machines));
        }
        return loader.bind(tree, "(default scenario)", set);
    }

    /** Every phase's wall time in nanoseconds, in the CLI's order, and their total. */
    static Map<String, Long> measure(String strategy, int machines) {
        ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));
        Scenario scenario = scenario(loader, strategy, machines);
        Map<String, Long> t = new LinkedHashMap<>();
        long t0 = now();
        long at = t0;
        DeployRun run = Runner.of(new FaultInjector(), List.of()).run(scenario);
        at = lap(t, "simulate", at);
        List<Checker> checkers = Runners.standard().checkers();
        List<Violation> found = new ArrayList<>();
        for (Checker c : checkers) {
            found.addAll(c.check(run));
            at = lap(t, "check " + c.name(), at);
        }
        found.sort(Comparator.comparingLong(Violation::atNanos).thenComparing(Violation::invariant));
        run = run.withViolations(found);
        RunSummary summary = RunSummary.of(run, PromiseCheck.guarantees().promised(run), checkers.size());
        ObjectNode json = RunReport.json(summary, loader.toTree(scenario));
        String text = RunReport.text(summary);
        at = lap(t, "summary", at);
        String result = JsonText.print(json) + RunReport.csv(summary);
        String trace = TraceJsonl.of(run.log());
        at = lap(t, "trace.jsonl", at);
        ObjectNode timeline = RunTimeline.json(run);
        at = lap(t, "timeline", at);
        String html = HtmlReport.run(json, timeline);
        at = lap(t, "report.html", at);
        t.put("total", at - t0);
        if (text.isEmpty() || result.isEmpty() || trace.isEmpty() || html.isEmpty()) {
            throw new IllegalStateException("empty report");
        }
        return t;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** The clock phases are timed on: the process's CPU time, or wall time with {@code -Dgrowth.clock=wall}. */
    static long now() {
        return "wall".equals(System.getProperty("growth.clock")) ? System.nanoTime() : OS.getProcessCpuTime();
    }

    private static long lap(Map<String, Long> t, String phase, long since) {
        long now = now();
        t.put(phase, now - since);
        return now;
    }
}

package dev.deploysim.sim.table;

import static dev.deploysim.sim.table.TableScenarios.BOUNDED;
import static dev.deploysim.sim.table.TableScenarios.FASTER_THAN_FLYCTL;
import static dev.deploysim.sim.table.TableScenarios.runSeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.RunMetrics;
import dev.deploysim.sim.table.Dip.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurements behind docs/strategies.md: per-strategy tables at 1, 3 and 10 machines, a
 * 3-machine timeline per strategy, and the propagation findings over 200 seeds. Opt-in, because
 * they print rather than pin down:
 *
 * <pre>
 * mvn -B test -pl sim -am -Dtest=MeasurementsTest -Dsurefire.failIfNoSpecifiedTests=false -Ddeploysim.measure=true
 * </pre>
 *
 * Each test writes its markdown to {@code sim/target/measurements/} (and to the test's standard
 * output). Everything is virtual time and seeded, so the numbers are the same on every machine and
 * JVM. The tests assert only the facts the documentation claims as causes: the windows that exist
 * where the spec says they must, and the cause of every window where the spec says there is none.
 */
@EnabledIfSystemProperty(named = "deploysim.measure", matches = "true")
class MeasurementsTest {
    private static final List<String> STRATEGIES = List.of("immediate", "rolling", "canary", "canary-serving", "bluegreen");
    private static final int TABLE_SEEDS = 20;
    private static final int FINDING_SEEDS = 200;
    private static final Distribution DEFAULT_PROPAGATION = PlatformConfig.defaults().propagationSeconds();

    private static void write(String name, String markdown) throws IOException {
        Path dir = Path.of("target", "measurements");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "0" : String.format(Locale.ROOT, "%.2f %%", 100.0 * part / whole);
    }

    /** Nearest-rank percentile of {@code values} (copied and sorted). */
    private static double percentile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static boolean mustHaveAWindow(String strategy, int machines) {
        return strategy.equals("immediate") || (machines == 1 && (strategy.equals("rolling") || strategy.equals("canary")));
    }

    @Test
    void perStrategyTableAtOneThreeAndTenMachines() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("| strategy | machines | deploy s p50 | deploy s p95 | min serving (worst run) | runs with a zero window | zero-serving s mean / max | failed probes | slow probes | peak machines |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String strategy : STRATEGIES) {
            for (int machines : new int[] {1, 3, 10}) {
                List<DeployRun> runs = runSeeds(strategy, machines, TABLE_SEEDS, DEFAULT_PROPAGATION);
                List<Double> deploy = new ArrayList<>();
                int worstMin = Integer.MAX_VALUE;
                int withWindow = 0;
                double zeroSum = 0;
                double zeroMax = 0;
                long sent = 0;
                long failed = 0;
                long slow = 0;
                int runsFailing = 0;
                int peak = 0;
                for (DeployRun run : runs) {
                    assertThat(run.outcomeName()).as("seed %d", run.scenario().seed()).isEqualTo("succeeded");
                    RunMetrics m = run.metrics();
                    deploy.add(m.deploySeconds());
                    worstMin = Math.min(worstMin, m.minServing());
                    withWindow += m.zeroServingSeconds() > 0 ? 1 : 0;
                    zeroSum += m.zeroServingSeconds();
                    zeroMax = Math.max(zeroMax, m.zeroServingSeconds());
                    sent += m.probes().sent();
                    failed += m.probes().failed();
                    slow += m.probes().slow();
                    runsFailing += m.probes().failed() > 0 ? 1 : 0;
                    peak = Math.max(peak, m.peakMachines());
                    assertFailedProbesMetOnlyDeadInstances(RunFacts.of(run));
                }
                if (mustHaveAWindow(strategy, machines)) {
                    assertThat(withWindow).as("%s with %d machines", strategy, machines).isEqualTo(TABLE_SEEDS);
                }
                md.append("| ").append(strategy).append(" | ").append(machines)
                        .append(" | ").append(f1(percentile(deploy, 0.5)))
                        .append(" | ").append(f1(percentile(deploy, 0.95)))
                        .append(" | ").append(worstMin)
                        .append(" | ").append(withWindow).append("/").append(TABLE_SEEDS)
                        .append(" | ").append(f1(zeroSum / runs.size())).append(" / ").append(f1(zeroMax))
                        .append(" | ").append(pct(failed, sent)).append(" (").append(runsFailing).append(" runs)")
                        .append(" | ").append(pct(slow, sent))
                        .append(" | ").append(peak).append(" |\n");
            }
        }
        write("strategy-table.md", md.toString());
    }

    /**
     * A probe fails while something serves only when every attempt the proxy makes (1 + its
     * retries, preferring instances not yet tried) lands on a stale route: so at some instant of
     * the probe there were more stale routes than retries, unless the probe overlapped a zero
     * window.
     */
    private static void assertFailedProbesMetOnlyDeadInstances(RunFacts f) {
        int attempts = f.run().scenario().platform().proxyRetries() + 1;
        List<Dip> windows = f.zeroWindows();
        for (var p : f.failedProbes()) {
            boolean inWindow = windows.stream().anyMatch(w -> p.sentAtNanos() < w.endNanos() && p.atNanos() > w.startNanos());
            if (!inWindow) {
                assertThat(f.maxStaleRoutes(p.sentAtNanos(), p.atNanos()))
                        .as("seed %d: stale routes while probe sent at %d ns failed", f.run().scenario().seed(), p.sentAtNanos())
                        .isGreaterThanOrEqualTo(attempts);
            }
        }
    }

    @Test
    void threeMachineTimelinePerStrategy() throws IOException {
        StringBuilder md = new StringBuilder();
        for (String strategy : STRATEGIES) {
            DeployRun run = TableScenarios.run(TableScenarios.scenario(strategy, 3, 1));
            RunMetrics m = run.metrics();
            md.append("### ").append(strategy).append(", 3 machines, seed 1, default platform\n\n```\n");
            md.append(String.format(Locale.ROOT,
                    "deploy %s after %.1f s; min serving %d; zero-serving %.1f s; probes %d sent, %d failed, %d slow%n",
                    run.outcomeName(), m.deploySeconds(), m.minServing(), m.zeroServingSeconds(), m.probes().sent(),
                    m.probes().failed(), m.probes().slow()));
            md.append(AsciiTimeline.render(run, 2.0));
            md.append("```\n\n");
        }
        md.append("```\n").append(AsciiTimeline.LEGEND).append("\n```\n");
        write("timelines.md", md.toString());
    }

    /** How often the serving strategies open a window with the default propagation, and by which hand-over. */
    @Test
    void servingStrategiesWithDefaultPropagationOver200Seeds() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("| strategy | machines | propagation | runs with a zero window | windows by cause | zero-serving s mean / max window | runs with failed probes | failed probes | slow probes |\n");
        md.append("|---|---:|---|---:|---|---:|---:|---:|---:|\n");
        for (String strategy : List.of("canary-serving", "bluegreen")) {
            for (int machines : new int[] {1, 3}) {
                md.append(findingRow(strategy, machines, "default", DEFAULT_PROPAGATION));
            }
        }
        md.append(findingRow("canary-serving", 1, "Uniform(0.5, 2)", BOUNDED));
        md.append(findingRow("bluegreen", 1, "Uniform(0.5, 2)", BOUNDED));
        md.append(findingRow("canary-serving", 1, "Constant(0.04)", FASTER_THAN_FLYCTL));
        md.append("\n").append(canaryServingHandOverGaps());
        write("propagation-findings.md", md.toString());
    }

    private static String findingRow(String strategy, int machines, String propagationName, Distribution propagation) {
        int withWindow = 0;
        int withFailed = 0;
        long sent = 0;
        long failed = 0;
        long slow = 0;
        double zeroSum = 0;
        long longest = 0;
        int[] causes = new int[3];
        for (DeployRun run : runSeeds(strategy, machines, FINDING_SEEDS, propagation)) {
            assertThat(run.outcomeName()).as("seed %d", run.scenario().seed()).isEqualTo("succeeded");
            RunFacts f = RunFacts.of(run);
            List<Dip> windows = f.zeroWindows();
            withWindow += windows.isEmpty() ? 0 : 1;
            withFailed += run.metrics().probes().failed() > 0 ? 1 : 0;
            sent += run.metrics().probes().sent();
            failed += run.metrics().probes().failed();
            slow += run.metrics().probes().slow();
            zeroSum += run.metrics().zeroServingSeconds();
            for (Dip w : windows) {
                longest = Math.max(longest, w.lengthNanos());
                assertThat(w.causedByPropagationLag()).as("seed %d: %s", run.scenario().seed(), w).isTrue();
                causes[cause(f, w)]++;
            }
            ZeroServingTableTest.assertFailedProbesInFlightDuringAWindow(f, windows);
        }
        String byCause = strategy.equals("bluegreen")
                ? causes[0] + " cordon reached the proxy before the green; " + causes[1] + " blue stopped before the green was routed"
                : causes[0] + " existing machine updated before the canary was routed; " + causes[1]
                        + " canary destroyed before the updated machine was routed";
        if (causes[2] > 0) {
            byCause += "; " + causes[2] + " other";
        }
        return "| " + strategy + " | " + machines + " | " + propagationName + " | " + withWindow + "/" + FINDING_SEEDS
                + " | " + byCause + " | " + f1(zeroSum / FINDING_SEEDS) + " / " + f1(longest / 1e9)
                + " | " + withFailed + "/" + FINDING_SEEDS + " | " + pct(failed, sent) + " (" + failed + " of " + sent + ")"
                + " | " + pct(slow, sent) + " |\n";
    }

    /**
     * Classifies a lag-caused window: for bluegreen 0 = a blue's cordon reached the proxy, 1 = a blue
     * was stopped; for canary-serving 0 = an existing machine's update, 1 = the canary's destroy;
     * 2 = anything else (none expected).
     */
    private static int cause(RunFacts f, Dip w) {
        Dip.Change opener = w.opener();
        boolean canary = f.canaries().contains(opener.machineId());
        boolean seeded = f.seeded().contains(opener.machineId());
        if (f.run().scenario().strategy().name().equals("bluegreen")) {
            assertThat(seeded).as("seed %d: %s opened by a blue", f.run().scenario().seed(), w).isTrue();
            assertThat(w.pending()).as("seed %d: %s: a green on its way to the proxy", f.run().scenario().seed(), w)
                    .anyMatch(p -> f.launchedByDeploy().contains(p.machineId()));
            return opener.kind() == Kind.UNROUTED ? 0 : opener.kind() == Kind.KILLED ? 1 : 2;
        }
        if (f.run().scenario().app().machines() == 1) {
            ZeroServingTableTest.assertCanaryServingHandOver(f, w, f.canaries().get(0), f.seeded().get(0));
        }
        return seeded && opener.kind() == Kind.KILLED ? 0 : canary && opener.kind() == Kind.KILLED ? 1 : 2;
    }

    /**
     * Why canary-serving opens windows with 1 machine: flyctl hands over a fixed, short time after
     * the machine taking over became routable in truth (its poll of the checks plus one or two API
     * calls), and the window exists exactly when the proxy's propagation of that machine is longer.
     */
    private static String canaryServingHandOverGaps() {
        List<Double> toUpdate = new ArrayList<>();
        List<Double> toDestroy = new ArrayList<>();
        int agree = 0;
        int handOvers = 0;
        for (DeployRun run : runSeeds("canary-serving", 1, FINDING_SEEDS, BOUNDED)) {
            RunFacts f = RunFacts.of(run);
            String canary = f.canaries().get(0);
            String sole = f.seeded().get(0);
            long soleKilled = f.firstKill(sole).orElseThrow();
            long canaryKilled = f.firstKill(canary).orElseThrow();
            ProxyViewChanged canaryRouted = firstRouted(f, canary, 0);
            ProxyViewChanged soleBack = firstRouted(f, sole, soleKilled);
            toUpdate.add((soleKilled - canaryRouted.changedAtNanos()) / 1e9);
            toDestroy.add((canaryKilled - soleBack.changedAtNanos()) / 1e9);
            // the window exists iff the proxy learnt of the machine taking over after flyctl's kill
            List<Dip> windows = f.zeroWindows();
            boolean first = canaryRouted.atNanos() > soleKilled;
            boolean second = soleBack.atNanos() > canaryKilled;
            handOvers += 2;
            agree += (first == windows.stream().anyMatch(w -> w.opener().machineId().equals(sole)) ? 1 : 0)
                    + (second == windows.stream().anyMatch(w -> w.opener().machineId().equals(canary)) ? 1 : 0);
        }
        assertThat(agree).as("a window exactly when the proxy learns after the kill").isEqualTo(handOvers);
        return "canary-serving, 1 machine, propagation Uniform(0.5, 2), " + FINDING_SEEDS + " seeds: time from the machine"
                + " taking over becoming routable in truth to flyctl's kill of the one it replaces (s):\n\n"
                + "| hand-over | min | p5 | p50 | p95 | max |\n|---|---:|---:|---:|---:|---:|\n"
                + gapRow("canary routable → sole machine's update", toUpdate)
                + gapRow("updated machine routable → canary's destroy", toDestroy)
                + "\nA window opens in exactly the hand-overs where the proxy's propagation of the machine taking over"
                + " is longer than this gap (checked for all " + handOvers + " hand-overs).\n";
    }

    private static ProxyViewChanged firstRouted(RunFacts f, String id, long afterNanos) {
        for (ProxyViewChanged p : f.run().log().ofType(ProxyViewChanged.class)) {
            if (p.machineId().equals(id) && p.routable() && p.changedAtNanos() >= Math.max(afterNanos, f.run().deployStartNanos())) {
                return p;
            }
        }
        throw new AssertionError("seed " + f.run().scenario().seed() + ": " + id + " never routed after " + afterNanos);
    }

    private static String gapRow(String name, List<Double> gaps) {
        return "| " + name + " | " + String.format(Locale.ROOT, "%.2f", percentile(gaps, 0)) + " | "
                + String.format(Locale.ROOT, "%.2f", percentile(gaps, 0.05)) + " | "
                + String.format(Locale.ROOT, "%.2f", percentile(gaps, 0.5)) + " | "
                + String.format(Locale.ROOT, "%.2f", percentile(gaps, 0.95)) + " | "
                + String.format(Locale.ROOT, "%.2f", percentile(gaps, 1.0)) + " |\n";
    }

    /** How fast the proxy must learn for rolling (3 machines), canary-serving and bluegreen (1 machine) to hold. */
    @Test
    void propagationSweep() throws IOException {
        List<Distribution> sweep = List.of(FASTER_THAN_FLYCTL, new Distribution.Constant(0.1), new Distribution.Constant(0.25),
                new Distribution.Constant(0.5), new Distribution.Constant(1.0), BOUNDED, DEFAULT_PROPAGATION);
        List<String> names = List.of("Constant(0.04)", "Constant(0.1)", "Constant(0.25)", "Constant(0.5)", "Constant(1)",
                "Uniform(0.5, 2)", "default");
        StringBuilder md = new StringBuilder();
        md.append("| propagation | rolling, 3: runs below 2 serving | rolling, 3: runs with a zero window | rolling, 3: most down by state"
                + " | canary-serving, 1: runs with a zero window | canary-serving, 1: runs with failed probes"
                + " | bluegreen, 1: runs with a zero window | bluegreen, 1: runs with failed probes |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < sweep.size(); i++) {
            Distribution d = sweep.get(i);
            int below2 = 0;
            int rollingZero = 0;
            int down = 0;
            for (DeployRun run : runSeeds("rolling", 3, FINDING_SEEDS, d)) {
                RunFacts f = RunFacts.of(run);
                below2 += run.metrics().minServing() < 2 ? 1 : 0;
                rollingZero += run.metrics().zeroServingSeconds() > 0 ? 1 : 0;
                down = Math.max(down, f.maxDownByState(f.seeded()));
                for (Dip dip : f.dipsBelow(2)) {
                    assertThat(dip.causedByPropagationLag()).as("seed %d: %s", run.scenario().seed(), dip).isTrue();
                }
            }
            assertThat(down).as("rolling's pool of 1").isEqualTo(1);
            int[] cs = windowsAndFailures("canary-serving", d);
            int[] bg = windowsAndFailures("bluegreen", d);
            md.append("| ").append(names.get(i)).append(" | ").append(below2).append("/").append(FINDING_SEEDS)
                    .append(" | ").append(rollingZero).append("/").append(FINDING_SEEDS)
                    .append(" | ").append(down)
                    .append(" | ").append(cs[0]).append("/").append(FINDING_SEEDS)
                    .append(" | ").append(cs[1]).append("/").append(FINDING_SEEDS)
                    .append(" | ").append(bg[0]).append("/").append(FINDING_SEEDS)
                    .append(" | ").append(bg[1]).append("/").append(FINDING_SEEDS).append(" |\n");
        }
        write("propagation-sweep.md", md.toString());
    }

    private static int[] windowsAndFailures(String strategy, Distribution propagation) {
        int windows = 0;
        int failures = 0;
        for (DeployRun run : runSeeds(strategy, 1, FINDING_SEEDS, propagation)) {
            windows += run.metrics().zeroServingSeconds() > 0 ? 1 : 0;
            failures += run.metrics().probes().failed() > 0 ? 1 : 0;
            for (Dip w : RunFacts.of(run).zeroWindows()) {
                assertThat(w.causedByPropagationLag()).as("%s seed %d: %s", strategy, run.scenario().seed(), w).isTrue();
            }
        }
        return new int[] {windows, failures};
    }
}

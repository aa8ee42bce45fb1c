package dev.deploysim.sim.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation.ApiCall;
import dev.deploysim.sim.observe.Observation.AppReadyChanged;
import dev.deploysim.sim.observe.Observation.CheckStatusChanged;
import dev.deploysim.sim.observe.Observation.MachineStateChanged;
import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The calibrated platform against published field observations: each case is a scenario file in
 * {@code docs/validation/} whose header gives the observation, its source, date and strength, the
 * setup, and an acceptance band; each test runs it over {@value #SEEDS} seeds and holds the result
 * to the band. docs/validation.md tabulates what these print (written to
 * {@code target/field-evidence.md}) and says which cases informed which parameters. A case that
 * disagrees with its observation is reported in docs/validation.md as disagreeing, with its cause;
 * a band is never widened to make a case pass.
 */
class FieldEvidenceTest {
    static final int SEEDS = 200;
    private static final ScenarioLoader LOADER = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));
    private static final Runner RUNNER = Runners.standard();
    private static final TreeMap<String, String> RESULTS = new TreeMap<>();
    private static final long S = 1_000_000_000L;

    // ------------------------------------------------------------------ the cases

    @Test
    void v1LegacyCanaryOnOneMachineOpensAWindowOfAFewSecondsWithSlowOrFailedProbes() {
        List<DeployRun> runs = runs("v1-pr4948-master-canary.json");
        List<Double> windows = values(runs, r -> r.metrics().zeroServingSeconds());
        double notOk = share(runs, r -> r.metrics().probes().slow() + r.metrics().probes().failed() >= 1);
        double fewFailed = share(runs, r -> r.metrics().probes().failed() <= 2);
        record("V1", "zero-serving window " + summary(windows) + "; runs with a slow or failed probe "
                + pct(notOk) + "; runs with <= 2 failed probes " + pct(fewFailed));
        judge("V1", between(median(windows), 3, 8) && notOk >= 0.95 && fewFailed >= 0.95);
    }

    @Test
    void v2CanaryServingOnOneMachineFailsNoProbe() {
        List<DeployRun> runs = runs("v2-pr4948-fix-canary-serving.json");
        double clean = share(runs, r -> r.metrics().probes().failed() == 0);
        List<Double> windows = values(runs, r -> r.metrics().zeroServingSeconds());
        record("V2", "runs with no failed probe " + pct(clean) + "; probes per run "
                + summary(values(runs, r -> (double) r.metrics().probes().sent())) + "; zero-serving "
                + summary(windows) + ", in " + pct(share(runs, r -> r.metrics().zeroServingSeconds() > 0)) + " of runs");
        judge("V2", clean >= 0.95);
    }

    @Test
    void v3RollingOnOneMachineIsOutForAFewSeconds() {
        List<Double> windows = values(runs("v3-optimum-rolling-one-machine.json"), r -> r.metrics().zeroServingSeconds());
        record("V3", "zero-serving window " + summary(windows));
        judge("V3", between(median(windows), 2, 6));
    }

    @Test
    void v4BluegreenWithoutWaitsIn2024HeldRequestsForSecondsButFailedNone() {
        List<DeployRun> runs = runs("v4-flygo4-bluegreen-2024.json");
        double clean = share(runs, r -> r.metrics().probes().failed() == 0);
        List<Double> slowest = values(runs, r -> r.metrics().probes().maxLatencyNanos() / 1e9);
        record("V4", "runs with no failed probe " + pct(clean) + "; slowest probe per run " + summary(slowest));
        judge("V4", clean >= 0.95 && between(median(slowest), 8, 25));
    }

    @Test
    void v4bBluegreenWithItsWaitsIn2024ShowsNoInterruption() {
        List<DeployRun> runs = runs("v4b-bluegreen-with-waits-2024.json");
        double clean = share(runs, r -> r.metrics().probes().failed() == 0);
        double fast = share(runs, r -> r.metrics().probes().maxLatencyNanos() < 2 * S);
        record("V4b", "runs with no failed probe " + pct(clean) + "; runs whose slowest probe took < 2 s " + pct(fast)
                + "; slowest probe " + summary(values(runs, r -> r.metrics().probes().maxLatencyNanos() / 1e9)));
        judge("V4b", clean >= 0.95 && fast >= 0.95);
    }

    @Test
    void v5AnUpdateOfAStoppedMachineIsReplacingWhileTheImageIsPreparedThenStaysStopped() {
        List<DeployRun> runs = runs("v5-hexclave-update-stopped.json");
        List<Double> replacing = new ArrayList<>();
        for (DeployRun run : runs) {
            Long entered = null;
            for (MachineStateChanged c : run.log().ofType(MachineStateChanged.class)) {
                if (c.to() == MachineState.REPLACING && entered == null) {
                    entered = c.atNanos();
                } else if (entered != null && c.from() == MachineState.REPLACING) {
                    assertThat(c.to()).as("seed %d", run.scenario().seed()).isEqualTo(MachineState.STOPPED);
                    assertThat(c.image()).isEqualTo(run.scenario().app().newImage());
                    replacing.add((c.atNanos() - entered) / 1e9);
                    break;
                }
            }
        }
        record("V5", "time in replacing " + summary(replacing));
        assertThat(replacing).hasSize(runs.size());
        judge("V5", between(median(replacing), 1, 8));
    }

    @Test
    void v6AnInPlaceUpdatePreparesTheImageBeforeTheKillAndRebootsInTwoToThreeSeconds() {
        List<DeployRun> runs = runs("v6-flyd-in-place-update.json");
        List<Double> killToStarted = new ArrayList<>();
        List<Double> pullBeforeKill = new ArrayList<>();
        for (DeployRun run : runs) {
            long update = firstUpdate(run);
            long kill = run.log().ofType(AppReadyChanged.class).stream().filter(r -> !r.ready()
                    && r.atNanos() >= update).findFirst().orElseThrow().atNanos();
            long started = run.log().ofType(MachineStateChanged.class).stream().filter(c -> c.to() == MachineState.STARTED
                    && c.atNanos() > kill).findFirst().orElseThrow().atNanos();
            pullBeforeKill.add((kill - update) / 1e9);
            killToStarted.add((started - kill) / 1e9);
        }
        record("V6", "update call -> kill (the pull, the old version serving) " + summary(pullBeforeKill)
                + "; kill -> started " + summary(killToStarted));
        judge("V6", pullBeforeKill.stream().allMatch(d -> d > 0) && between(median(killToStarted), 1.5, 4));
    }

    @Test
    void v7ABadReleaseOnOneMachineFailsTheDeployAndLeavesNothingServing() {
        List<DeployRun> runs = runs("v7-restarters-bad-release.json");
        double failed = share(runs, r -> r.outcomeName().equals("failed"));
        double down = share(runs, r -> r.metrics().zeroServingSeconds() >= 300);
        record("V7", "deploys failed " + pct(failed) + "; runs with >= 300 s of nothing serving " + pct(down)
                + "; zero-serving " + summary(values(runs, r -> r.metrics().zeroServingSeconds())));
        judge("V7", failed >= 0.95 && down >= 0.95);
    }

    @Test
    void v8ASlowStopDelaysTheNewVersionByTheStopTime() {
        List<DeployRun> runs = runs("v8-tldraw-slow-stop.json");
        List<Double> minutes = new ArrayList<>();
        for (DeployRun run : runs) {
            long update = firstUpdate(run);
            long ready = run.log().ofType(AppReadyChanged.class).stream().filter(r -> r.ready() && r.atNanos() > update)
                    .findFirst().orElseThrow().atNanos();
            minutes.add((ready - update) / 60e9);
        }
        record("V8", "update call -> new version answering, minutes " + summary(minutes));
        judge("V8", between(median(minutes), 1.6, 2.5));
    }

    @Test
    void v9WithNothingToRouteToTheProxyGivesUpAfterSevenAndAHalfSeconds() {
        List<DeployRun> runs = runs("v9-pagespace-proxy-give-up.json");
        List<Double> giveUp = new ArrayList<>();
        for (DeployRun run : runs) {
            for (ProbeResult p : run.log().ofType(ProbeResult.class)) {
                if (p.outcome() == ProbeOutcome.FAILED) {
                    giveUp.add(p.latencyNanos() / 1e9);
                }
            }
        }
        record("V9", "failed probes " + giveUp.size() + ", each after " + summary(giveUp));
        assertThat(giveUp).isNotEmpty();
        judge("V9", between(median(giveUp), 7, 8.5));
    }

    @Test
    void v10AfterAStartTheCheckPassesWithinSecondsOfTheAppListeningDespiteA30SecondInterval() {
        List<DeployRun> runs = runs("v10-fast-recheck.json");
        List<Double> readyToPassing = new ArrayList<>();
        for (DeployRun run : runs) {
            AppReadyChanged ready = run.log().ofType(AppReadyChanged.class).stream()
                    .filter(r -> r.ready() && r.atNanos() > run.deployStartNanos()).findFirst().orElseThrow();
            CheckStatusChanged pass = run.log().ofType(CheckStatusChanged.class).stream()
                    .filter(c -> c.to() == CheckStatus.Status.PASSING && c.atNanos() >= ready.atNanos()).findFirst()
                    .orElseThrow();
            readyToPassing.add((pass.atNanos() - ready.atNanos()) / 1e9);
        }
        record("V10", "app ready -> check passing " + summary(readyToPassing));
        judge("V10", quantile(readyToPassing, 0.95) <= 2.0);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The cases whose observation the calibrated platform does not reproduce, each explained in
     * docs/validation.md. Their test asserts the disagreement, so that a model change that
     * resolves one (or a new one) shows up as a failure here and in review.
     */
    static final Set<String> KNOWN_DISAGREEMENTS = Set.of("V3");

    private static void judge(String id, boolean inBand) {
        synchronized (RESULTS) {
            RESULTS.computeIfPresent(id, (k, v) -> v + (inBand ? "; **in band**" : "; **outside the band**"));
        }
        if (KNOWN_DISAGREEMENTS.contains(id)) {
            assertThat(inBand).as("%s now agrees with its observation: take it out of KNOWN_DISAGREEMENTS and update "
                    + "docs/validation.md", id).isFalse();
        } else {
            assertThat(inBand).as("%s disagrees with its observation (%s): a model change moved it; explain it in "
                    + "docs/validation.md, never widen the band", id, RESULTS.get(id)).isTrue();
        }
    }

    private static boolean between(double v, double lo, double hi) {
        return v >= lo && v <= hi;
    }

    static Path caseFile(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("docs/validation").resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("docs/validation/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /** The case's scenario over seeds 1..{@value #SEEDS}. */
    static List<DeployRun> runs(String file) {
        Scenario base = LOADER.load(caseFile(file), List.of());
        List<DeployRun> out = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            DeployRun run = RUNNER.run(base.withSeed(seed));
            assertThat(run.outcomeName()).as("%s seed %d", file, seed).isNotEqualTo("unfinished");
            out.add(run);
        }
        return out;
    }

    /** When the deploy's first successful update call was applied. */
    private static long firstUpdate(DeployRun run) {
        return run.log().ofType(ApiCall.class).stream().filter(a -> a.operation().equals("update") && a.error().isEmpty())
                .findFirst().orElseThrow().atNanos();
    }

    private static List<Double> values(List<DeployRun> runs, Function<DeployRun, Double> f) {
        List<Double> out = new ArrayList<>();
        for (DeployRun r : runs) {
            out.add(f.apply(r));
        }
        return out;
    }

    private static double share(List<DeployRun> runs, Predicate<DeployRun> p) {
        return runs.stream().filter(p).count() / (double) runs.size();
    }

    static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    private static String summary(List<Double> v) {
        OptionalDouble max = v.stream().mapToDouble(Double::doubleValue).max();
        return String.format(Locale.ROOT, "median %.2f (p5 %.2f, p95 %.2f, max %.2f)", median(v), quantile(v, 0.05),
                quantile(v, 0.95), max.orElse(0));
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static void record(String id, String line) {
        synchronized (RESULTS) {
            RESULTS.put(id, line);
        }
        System.out.println("field evidence " + id + ": " + line);
    }

    @AfterAll
    static void writeResults() throws IOException {
        StringBuilder md = new StringBuilder("| case | the simulator, " + SEEDS + " seeds, default platform of each file |\n|---|---|\n");
        for (var e : RESULTS.entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("field-evidence.md"), md.toString());
    }
}

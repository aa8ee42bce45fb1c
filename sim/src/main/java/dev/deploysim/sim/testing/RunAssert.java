package dev.deploysim.sim.testing;

import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.verify.Exploration;
import dev.deploysim.sim.verify.Invariants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Assertions on one {@link TestRun}, chained AssertJ-style. A failed assertion writes the run's
 * scenario, {@code result.json} and {@code report.html} to the test's directory and throws an
 * {@link AssertionError} that says what failed and how to replay the run.
 */
public final class RunAssert {
    private final TestRun run;

    RunAssert(TestRun run) {
        this.run = run;
    }

    /** The deploy returned success. */
    public RunAssert succeeded() {
        return hasOutcome("succeeded");
    }

    /** The deploy ended as {@code outcome}: {@code succeeded}, {@code failed}, {@code rolled_back} or {@code unfinished}. */
    public RunAssert hasOutcome(String outcome) {
        if (!run.summary().outcome().equals(outcome)) {
            fail("expected the deploy to end " + outcome + " but it ended " + run.summary().outcome()
                    + (run.summary().outcomeDetail().isEmpty() ? "" : " (" + run.summary().outcomeDetail() + ")"));
        }
        return this;
    }

    /** None of {@code invariants} (names as {@code deploysim --check} takes them) was violated, promised or not. */
    public RunAssert holds(String... invariants) {
        for (String name : invariants) {
            Invariants.get(name);
            for (Violation v : run.deployRun().violations()) {
                if (v.invariant().equals(name)) {
                    fail(name + " violated at " + seconds(v.atSeconds()) + ": " + v.detail());
                }
            }
        }
        return this;
    }

    /** No invariant the strategy promises for this scenario was violated. */
    public RunAssert keepsItsPromises() {
        List<Violation> broken = run.summary().promised();
        if (!broken.isEmpty()) {
            Violation v = broken.get(0);
            fail(run.strategy().name() + " broke its promise " + v.invariant() + " at " + seconds(v.atSeconds()) + ": "
                    + v.detail());
        }
        return this;
    }

    /** No machine-free window longer than {@code limit} from the deploy's start on. */
    public RunAssert zeroServingAtMost(Duration limit) {
        double zero = run.summary().metrics().zeroServingSeconds();
        if (zero * 1e9 > limit.toNanos()) {
            fail("no machine served for " + seconds(zero) + " in total, more than " + seconds(limit.toNanos() / 1e9));
        }
        return this;
    }

    /** The deploy took at most {@code limit} of virtual time. */
    public RunAssert deployedWithin(Duration limit) {
        double took = run.summary().metrics().deploySeconds();
        if (took * 1e9 > limit.toNanos()) {
            fail("the deploy took " + seconds(took) + ", more than " + seconds(limit.toNanos() / 1e9));
        }
        return this;
    }

    private void fail(String what) {
        Path dir = run.outputDir();
        Artifacts.clear(dir);
        Path scenario = Artifacts.write(dir, run);
        String replay = Exploration.replayCommand(scenario) + Exploration.replayArguments(run.strategy(), List.of());
        throw new AssertionError(run.strategy().name() + ", " + run.summary().machines()
                + (run.summary().machines() == 1 ? " machine" : " machines") + ", seed " + run.summary().seed() + ": " + what
                + "\nwritten: " + dir + "/ (" + Exploration.SCENARIO_FILE + ", result.json, report.html)"
                + "\nreplay:  " + replay);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }
}

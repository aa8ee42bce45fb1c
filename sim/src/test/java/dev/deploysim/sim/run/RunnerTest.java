package dev.deploysim.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.scenario.StrategyChoice;
import dev.deploysim.strategies.Strategies;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunnerTest {
    private final Runner runner = Runner.of((faults, world, deploy) -> { }, List.of());
    private final Scenario base = new ScenarioLoader(StrategyCatalog.of(Strategies.all())).defaults();

    private Scenario scenario(String strategy, int machines, long seed) {
        return base.withSeed(seed).withApp(AppSpec.web(machines)).withStrategy(new StrategyChoice(strategy, new TreeMap<>()));
    }

    @Test
    void sameScenarioGivesTheSameTraceHashAndDifferentSeedsDiffer() {
        DeployRun a = runner.run(scenario("rolling", 3, 7));
        DeployRun b = runner.run(scenario("rolling", 3, 7));
        DeployRun c = runner.run(scenario("rolling", 3, 8));
        assertThat(a.traceHash()).isEqualTo(b.traceHash());
        assertThat(a.log().size()).isEqualTo(b.log().size());
        assertThat(c.traceHash()).isNotEqualTo(a.traceHash());
    }

    @Test
    void runsOnOtherThreadsGiveTheSameTraceHash() throws Exception {
        String expected = runner.run(scenario("bluegreen", 2, 3)).traceHash();
        AtomicReference<String> t1 = new AtomicReference<>();
        AtomicReference<String> t2 = new AtomicReference<>();
        Thread a = new Thread(() -> t1.set(runner.run(scenario("bluegreen", 2, 3)).traceHash()));
        Thread b = new Thread(() -> t2.set(runner.run(scenario("bluegreen", 2, 3)).traceHash()));
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(t1.get()).isEqualTo(expected);
        assertThat(t2.get()).isEqualTo(expected);
    }

    @Test
    void aFaultFreeRollingDeployReplacesEveryImageAndEndsQuietly() {
        DeployRun run = runner.run(scenario("rolling", 3, 1));
        assertThat(run.outcomeName()).isEqualTo("succeeded");
        assertThat(run.kernelOutcome()).isEqualTo(dev.deploysim.sim.kernel.Outcome.QUIESCENT);
        assertThat(run.deployStartNanos()).isEqualTo(Runner.WARMUP_NANOS);
        assertThat(run.deployEndNanos()).isGreaterThan(run.deployStartNanos());
        // After the deploy, the last state change of every machine is to started on the new image.
        TreeMap<String, Observation.MachineStateChanged> last = new TreeMap<>();
        for (Observation.MachineStateChanged c : run.log().ofType(Observation.MachineStateChanged.class)) {
            last.put(c.machineId(), c);
        }
        assertThat(last).hasSize(3);
        assertThat(last.values()).allSatisfy(c -> {
            assertThat(c.image()).isEqualTo(base.app().newImage());
            assertThat(c.to()).isEqualTo(dev.deploysim.model.machines.MachineState.STARTED);
        });
        // In-place updates: no machine is launched or destroyed, so the cost is n machines for the deploy's length.
        assertThat(run.metrics().peakMachines()).isEqualTo(3);
        assertThat(run.metrics().machineSeconds()).isCloseTo(3 * run.metrics().deploySeconds(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(run.metrics().probes().sent())
                .isEqualTo(run.metrics().probes().ok() + run.metrics().probes().slow() + run.metrics().probes().failed());
    }

    @Test
    void bluegreenDoublesTheMachinesDuringTheDeploy() {
        DeployRun run = runner.run(scenario("bluegreen", 3, 1));
        assertThat(run.outcomeName()).isEqualTo("succeeded");
        assertThat(run.metrics().peakMachines()).isEqualTo(6);
        assertThat(run.metrics().minServing()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDeployThatOutlivesTheBudgetIsUnfinished() {
        Scenario tight = scenario("rolling", 3, 1).withBudget(new dev.deploysim.sim.scenario.Budget(20, 10_000_000L));
        DeployRun run = runner.run(tight);
        assertThat(run.outcome()).isEmpty();
        assertThat(run.outcomeName()).isEqualTo("unfinished");
        assertThat(run.kernelOutcome()).isEqualTo(dev.deploysim.sim.kernel.Outcome.TIME_LIMIT);
        assertThat(run.endNanos()).isEqualTo(20_000_000_000L);
    }
}

package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.VersionSelector;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.strategies.ecs.EcsRollingStrategy;
import dev.deploysim.strategies.k8s.K8sRollingStrategy;
import dev.deploysim.strategies.nomad.NomadStrategy;
import dev.deploysim.strategies.surge.SurgeRollingStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Every fault mechanism of the world against the four strategies, at 1 and 3 machines: each deploy
 * ends (success or a DeployException), leaves no process running and no failure unobserved, keeps the
 * world's own invariants, and leaves no machine cordoned once the faults have healed; surge-rolling
 * keeps serving under every fault that takes no serving machine down. Seed 7 in the build; another with
 * {@code -Ddeploysim.smoke.seed=N} (seeds 1–13 pass).
 */
class FaultSmokeTest {

    /**
     * A fault schedule, whether it can take a serving machine down (then outside surge-rolling's class),
     * and the evidence in the log that it hit the deploy (so that no case passes vacuously).
     */
    record FaultCase(String name, boolean takesServingDown, Consumer<WorldRun> schedule, Duration cancelAt,
                     Predicate<WorldRun> hit) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Duration WINDOW = Duration.ofSeconds(90);

    static List<FaultCase> faults() {
        return List.of(
                new FaultCase("api-errors 30%", false, w -> w.world.injectApiErrors(0.3, WINDOW), null, failedWith("Transient")),
                new FaultCase("api-timeouts 20%", false, w -> w.world.injectApiTimeouts(0.2, Duration.ofSeconds(5), WINDOW), null,
                        failedWith("Timeout")),
                new FaultCase("lease held on the first machine", false,
                        w -> w.world.holdLease(w.seeded.get(0), "operator", Duration.ofSeconds(60)), null, failedWith("LeaseHeld")),
                new FaultCase("first host unreachable", false,
                        w -> w.world.setHostStatus(w.seeded.get(0), HostStatus.UNREACHABLE, Duration.ofSeconds(60)), null,
                        failedWith("HostUnreachable")),
                new FaultCase("capacity exhausted", false, w -> w.world.exhaustCapacity("iad", Duration.ofSeconds(60)), null,
                        failedWith("CapacityExhausted")),
                new FaultCase("propagation spike 15 s", false,
                        w -> w.world.spikePropagation(new Distribution.Constant(15), WINDOW), null, w -> true),
                new FaultCase("two new boots fail", false, w -> w.world.failNextBoots(2, VersionSelector.NEW), null,
                        w -> w.log.ofType(Observation.MachineStateChanged.class).stream().anyMatch(c -> c.to() == MachineState.FAILED)),
                new FaultCase("an old machine crashes at 5 s", true,
                        w -> w.kernel.schedule(WorldRun.secs(5), "crash", () -> {
                            if (w.world.crash(VersionSelector.OLD, false).isEmpty()) {
                                w.note("no old machine was started at 5 s"); // nomad with one allocation: already stopped
                            }
                        }), null,
                        w -> !w.log.ofType(Observation.FaultInjected.class).isEmpty() || !w.notes().isEmpty()),
                new FaultCase("the first machine hangs 30 s at 5 s", true,
                        w -> w.kernel.schedule(WorldRun.secs(5), "hang", () -> {
                            if (!w.world.hang(w.seeded.get(0), Duration.ofSeconds(30))) {
                                w.note("the first machine was not started at 5 s");
                            }
                        }), null, w -> !w.log.ofType(Observation.FaultInjected.class).isEmpty() || !w.notes().isEmpty()),
                new FaultCase("ctrl-c at 20 s", false, w -> { }, Duration.ofSeconds(20),
                        w -> !w.ok() && w.error.getMessage().contains("cancelled")));
    }

    private static Predicate<WorldRun> failedWith(String error) {
        return w -> w.calls().stream().anyMatch(c -> c.error().equals(error));
    }

    @Test
    void everyStrategyEndsCleanlyUnderEveryFaultKindAndSurgeRollingKeepsServingUnderThoseInItsClass() {
        List<String> strategies = List.of(K8sRollingStrategy.NAME, NomadStrategy.NAME, EcsRollingStrategy.NAME,
                SurgeRollingStrategy.NAME);
        for (String strategy : strategies) {
            for (int n : List.of(1, 3)) {
                for (FaultCase f : faults()) {
                    String what = strategy + " n=" + n + " " + f;
                    WorldRun run = new WorldRun(dev.deploysim.sim.platform.PlatformProfile.ADVERSE.config(), AppSpec.web(n), Long.getLong("deploysim.smoke.seed", 7));
                    if (f.cancelAt() != null) {
                        run.cancelAt(f.cancelAt());
                    }
                    try (run) {
                        run.deploy(strategy, Map.of(), f.schedule()); // asserts: ends, quiescent, no live process, world sound
                        assertThat(f.hit().test(run)).as(what + ": the fault never hit the deploy").isTrue();
                        assertThat(run.world.allMachines()).as(what + ": cordoned at the end")
                                .noneMatch(m -> m.cordoned() && !m.state().isGone());
                        if (strategy.equals(SurgeRollingStrategy.NAME) && !(f.takesServingDown() && n == 1)) {
                            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).as(what).isPositive();
                        }
                        if (run.ok()) {
                            assertThat(run.imagesAtEnd()).as(what).hasSize(n).containsOnly(WorldRun.NEW_IMAGE);
                        }
                    }
                }
            }
        }
    }
}

package dev.deploysim.sim.report;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.observe.ProbeStats;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.RunMetrics;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Runs and logs the report tests share: real runs of the default scenario, and one hand-built log. */
final class Fixtures {
    static final long S = 1_000_000_000L;
    static final ScenarioLoader LOADER = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));

    private Fixtures() {
    }

    /** A real run of the default scenario with {@code strategy} at {@code machines} machines. */
    static DeployRun real(String strategy, int machines, long seed) {
        Scenario s = LOADER.defaults().withSeed(seed)
                .withStrategy(LOADER.catalog().resolve("strategy", strategy, new TreeMap<>()))
                .withApp(dev.deploysim.sim.platform.AppSpec.web(machines));
        return Runner.of((faults, world, deploy) -> { }, List.of()).run(s);
    }

    /**
     * One machine updated in place with a gap, by hand: m1 serves v1 from 0 to 6 s, is replaced
     * (6-8 s), starts on v2 at 8 s and is ready at 9 s; the deploy runs from 5 to 20 s; an API
     * fault lasts from 10 to 12 s; one probe sent at 10.5 s fails at 11 s after 0.5 s; a surge
     * machine m2 exists from 14 to 25 s without ever serving; the log ends at 30 s.
     */
    static DeployRun handBuilt() {
        String v1 = "registry.fly.io/app:v1";
        String v2 = "registry.fly.io/app:v2";
        ObservationLog log = new ObservationLog();
        log.append(new Observation.MachineLaunched(0, "m1", "seed", "iad", "app", v1, "i1", MachineState.STARTED, new TreeMap<>()));
        log.append(new Observation.ProxyViewChanged(0, "m1", true, 0));
        log.append(new Observation.AppReadyChanged(0, "m1", "i1", true));
        log.append(new Observation.DeployStarted(5 * S, "rolling", ""));
        log.append(new Observation.StrategyStep(6 * S, "updateMachine", "m1", "in place </script><b>x</b>"));
        log.append(new Observation.AppReadyChanged(6 * S, "m1", "i1", false));
        log.append(new Observation.MachineStateChanged(6 * S, "m1", MachineState.STARTED, MachineState.REPLACING, v2, "i2"));
        log.append(new Observation.MachineStateChanged(8 * S, "m1", MachineState.REPLACING, MachineState.STARTED, v2, "i2"));
        log.append(new Observation.AppReadyChanged(9 * S, "m1", "i2", true));
        log.append(new Observation.FaultInjected(10 * S, "api-errors", "api", "rate 0.2"));
        log.append(new Observation.ProbeResult(11 * S, 10 * S + S / 2, Observation.ProbeOutcome.FAILED, S / 2, "", 1, "no route"));
        log.append(new Observation.FaultHealed(12 * S, "api-errors", "api"));
        log.append(new Observation.MachineLaunched(14 * S, "m2", "flyctl", "iad", "app", v2, "i3", MachineState.CREATED, new TreeMap<>()));
        log.append(new Observation.DeployFinished(20 * S, DeployOutcome.SUCCEEDED, ""));
        log.append(new Observation.MachineDestroyed(25 * S, "m2"));
        log.append(new Observation.ProbeResult(30 * S, 30 * S - S / 10, Observation.ProbeOutcome.OK, S / 10, "m1", 1, ""));
        RunMetrics metrics = RunMetrics.of(log, 5 * S, 20 * S, 30 * S);
        return new DeployRun(LOADER.defaults().withApp(dev.deploysim.sim.platform.AppSpec.web(1)), log,
                Optional.of(DeployOutcome.SUCCEEDED), "", 5 * S, 20 * S, 30 * S, Outcome.QUIESCENT, "", metrics,
                List.of(new Violation("never-zero-serving", 6 * S, "no machine serving from 6 s to 9 s")), log.traceHashHex());
    }

    /** A summary with the given numbers; probes: 100 sent, {@code failed} of them failed. */
    static RunSummary summary(String outcome, double deploy, double zero, int minServing, int peak, double machineSeconds,
                              long failed, List<Violation> violations, List<Violation> promised) {
        return new RunSummary("rolling", 1, 3, "fly", outcome, "", new RunMetrics(deploy, minServing, zero,
                new ProbeStats(100, 100 - failed, 0, failed, 0, 0, 0), peak, machineSeconds), violations, promised, 1,
                "0123456789abcdef");
    }
}

package dev.deploysim.sim.testing;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Violation;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.verify.Guarantees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One finished deploy of the testing API: the run with its observation log, its summary (the
 * numbers {@code deploysim run} reports), and the violations that break a promise its strategy made
 * for the scenario. Assert on it with {@link DeploySim#assertThat(TestRun)}, or read it directly.
 */
public final class TestRun {
    private final DeployRun run;
    private final Strategy strategy;
    private final ScenarioLoader loader;
    private final String name;
    private final RunSummary summary;

    TestRun(DeployRun run, Strategy strategy, ScenarioLoader loader, String name, int checkers) {
        this.run = run;
        this.strategy = strategy;
        this.loader = loader;
        this.name = name;
        Set<String> promised = Guarantees.promised(strategy, run);
        List<Violation> broken = new ArrayList<>();
        for (Violation v : run.violations()) {
            if (promised.contains(v.invariant())) {
                broken.add(v);
            }
        }
        this.summary = RunSummary.of(run, broken, checkers);
    }

    /** The run: scenario, observation log, violations, trace hash. */
    public DeployRun deployRun() {
        return run;
    }

    /** Its reported numbers: outcome, deploy time, zero-serving time, probes, machines, violations. */
    public RunSummary summary() {
        return summary;
    }

    /** The strategy that deployed. */
    public Strategy strategy() {
        return strategy;
    }

    /** The test's name: where a failed assertion writes under {@value DeploySim#OUTPUT_ROOT}. */
    public String name() {
        return name;
    }

    /** The directory a failed assertion on this run writes to. */
    public Path outputDir() {
        return DeploySim.outputDir(name);
    }

    ScenarioLoader loader() {
        return loader;
    }
}

package dev.deploysim.sim.testing;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.verify.Exploration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One deploy of a strategy, set up by chained calls and run by {@link #execute()}. Defaults: the
 * default scenario (its machines and seed), every invariant checked.
 */
public final class OneRun {
    private final Strategy strategy;
    private String name;
    private Path scenario;
    private final List<String> sets = new ArrayList<>();

    OneRun(Strategy strategy, String name) {
        this.strategy = strategy;
        this.name = name;
    }

    /** The test's name: a failed assertion writes to {@value DeploySim#OUTPUT_ROOT}{@code /<name>/} (default: the calling {@code Class.method}). */
    public OneRun name(String testName) {
        this.name = DeploySim.safe(Objects.requireNonNull(testName, "testName"));
        return this;
    }

    /** Starts from the scenario in {@code file} instead of the default one (its strategy is replaced by this one). */
    public OneRun scenario(Path file) {
        this.scenario = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Started machines in every process group, as {@code --machines N}. */
    public OneRun machines(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("machines must be >= 1, was " + n);
        }
        sets.add("app.groups[*].started=" + n);
        return this;
    }

    /** The run's root seed. */
    public OneRun seed(long s) {
        sets.add("seed=" + s);
        return this;
    }

    /** A strategy option, its value as a scenario file or {@code --set} spells it (e.g. {@code "25s"}). */
    public OneRun option(String option, String value) {
        sets.add("strategy.options." + Objects.requireNonNull(option, "option") + "=" + Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Overrides one scenario field, {@code PATH=VALUE} as {@code --set} takes it; repeatable, applied in order. */
    public OneRun set(String assignment) {
        sets.add(Objects.requireNonNull(assignment, "assignment"));
        return this;
    }

    /**
     * Runs the deploy to the end and checks every invariant.
     *
     * @throws dev.deploysim.sim.scenario.ScenarioException for a bad override or scenario file, naming the field
     */
    public TestRun execute() {
        StrategyCatalog catalog = Exploration.catalogWith(strategy);
        ScenarioLoader loader = new ScenarioLoader(catalog);
        Runner runner = Runners.standard(catalog);
        List<String> resolved = new ArrayList<>();
        var base = Scenarios.of(loader, strategy, scenario, List.of());
        for (String s : sets) {
            if (s.startsWith("app.groups[*].")) {
                // every group, as --machines does
                for (int i = 0; i < base.app().groups().size(); i++) {
                    resolved.add("app.groups[" + i + "]." + s.substring("app.groups[*].".length()));
                }
            } else {
                resolved.add(s);
            }
        }
        var resolvedScenario = Scenarios.of(loader, strategy, scenario, resolved);
        return new TestRun(runner.run(resolvedScenario), strategy, loader, name, runner.checkers().size());
    }
}

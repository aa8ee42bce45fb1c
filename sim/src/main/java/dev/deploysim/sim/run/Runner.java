package dev.deploysim.sim.run;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.observe.Observation.DeployOutcome;
import dev.deploysim.sim.observe.ObservationLog;
import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.process.Processes;
import dev.deploysim.sim.random.Streams;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.strategies.Strategies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs scenarios. A run is a pure function of its scenario (seed included): the same scenario
 * gives the same observation log and trace hash, on any thread, any number of times.
 *
 * <p>Timeline of a run: at 0 the app exists in steady state and the prober starts; the deploy
 * starts {@link #WARMUP_NANOS} later; once it ends, the prober keeps probing for
 * {@link #SETTLE_NANOS} (so late failures and slow propagation show), then stops, and the run
 * continues until nothing is left to happen. The scenario's budget (virtual seconds and events)
 * bounds the whole run: a deploy that has not ended by then is reported as unfinished.
 */
public final class Runner {

    /** The lease owner and API actor name of the deploy: flyctl. */
    public static final String DEPLOY_ACTOR = "flyctl";
    /** The release ID the deploy rolls out. */
    public static final String RELEASE_ID = "release-2";
    /** Probing before the deploy starts, so every run has a healthy baseline. */
    public static final long WARMUP_NANOS = 5_000_000_000L;
    /** Probing after the deploy ends. */
    public static final long SETTLE_NANOS = 30_000_000_000L;

    private final Function<String, Strategy> strategies;
    private final FaultScheduler faults;
    private final List<Checker> checkers;

    /**
     * @param strategies looks a strategy up by name (throws IllegalArgumentException if unknown)
     * @param faults schedules the scenario's faults
     * @param checkers the invariants checked after every run
     */
    public Runner(Function<String, Strategy> strategies, FaultScheduler faults, List<Checker> checkers) {
        this.strategies = Objects.requireNonNull(strategies);
        this.faults = Objects.requireNonNull(faults);
        this.checkers = List.copyOf(checkers);
    }

    /** A runner over the registered strategies with the given fault scheduler and checkers. */
    public static Runner of(FaultScheduler faults, List<Checker> checkers) {
        return new Runner(Strategies::get, faults, checkers);
    }

    public List<Checker> checkers() {
        return checkers;
    }

    /** Runs {@code scenario} to the end and checks every invariant. */
    public DeployRun run(Scenario scenario) {
        return run(scenario, null);
    }

    /**
     * Runs {@code scenario} to the end and checks every invariant, showing {@code watcher} every
     * observation as it is appended (a progress display). The watcher only reads: the run is the
     * same run with or without one.
     *
     * @param watcher sees each observation once, in log order, on the simulation's thread; or null
     */
    public DeployRun run(Scenario scenario, Consumer<? super Observation> watcher) {
        Strategy strategy = strategies.apply(scenario.strategy().name());
        Options options = Strategies.resolveOptions(strategy, scenario.strategy().options());
        Kernel kernel = new Kernel();
        Processes processes = new Processes(kernel);
        ObservationLog log = new ObservationLog();
        if (watcher != null) {
            log.subscribe(watcher);
        }
        World world = new World(processes, new Streams(scenario.seed()), scenario.platform(), scenario.probes(),
                scenario.app(), log);
        DeployControl control = new DeployControl();
        DeployContext ctx = new DeployContext(scenario.app().name(), scenario.app().release(RELEASE_ID), options,
                world.machinesApi(DEPLOY_ACTOR), processes, processes, world.stepRecorder());
        var result = new Object() {
            DeployOutcome outcome;
            String detail = "";
        };

        world.seedApp();
        world.startProber();
        faults.schedule(scenario.faults(), world, control);
        kernel.schedule(WARMUP_NANOS, "deploy", () -> {
            var process = processes.spawn("deploy", () -> {
                world.deployStarted(strategy.name(), options.toString());
                try {
                    strategy.deploy(ctx);
                    result.outcome = DeployOutcome.SUCCEEDED;
                } catch (DeployException e) {
                    result.outcome = e.rolledBack() ? DeployOutcome.ROLLED_BACK : DeployOutcome.FAILED;
                    result.detail = oneLine(e);
                } catch (CancelledException e) {
                    result.outcome = DeployOutcome.FAILED;
                    result.detail = "aborted: " + oneLine(e);
                } catch (RuntimeException e) {
                    // A strategy may surface a raw API error; a bug in it (an NPE) lands here too
                    // and is kept visible in the detail.
                    result.outcome = DeployOutcome.FAILED;
                    result.detail = oneLine(e);
                }
                world.deployFinished(result.outcome, result.detail);
                control.finished(kernel.nowNanos());
                kernel.scheduleAfterNanos(SETTLE_NANOS, "settle", world::stopProber);
                return null;
            });
            control.started(process, kernel.nowNanos());
        });

        RunResult verdict = kernel.run(scenario.budget().maxVirtualNanos(), scenario.budget().maxEvents());
        processes.shutdown();
        long end = kernel.nowNanos();
        // A run whose budget ran out before the deploy began has a deploy of length zero, not a negative one.
        long start = control.startNanos() >= 0 ? control.startNanos() : Math.min(WARMUP_NANOS, end);
        RunMetrics metrics = RunMetrics.of(log, start, control.endNanos(), end);
        String detail = result.outcome != null ? result.detail : unfinished(verdict, scenario, control.startNanos() >= 0);
        DeployRun run = new DeployRun(scenario, log, Optional.ofNullable(result.outcome), detail, start,
                control.endNanos(), end, verdict.outcome(), verdict.detail(), metrics, List.of(), log.traceHashHex(),
                kernel.eventsExecuted());
        if (verdict.outcome() == Outcome.FAILED && verdict.failure().isPresent()) {
            // The simulator itself broke (an event action threw): that is our bug, not a finding.
            throw new IllegalStateException("simulation failed: " + verdict.detail(), verdict.failure().get());
        }
        List<Violation> found = new ArrayList<>();
        for (Checker c : checkers) {
            found.addAll(c.check(run));
        }
        found.sort(Comparator.comparingLong(Violation::atNanos).thenComparing(Violation::invariant));
        return run.withViolations(found);
    }

    /** Why a deploy never ended: which budget ran out and how to raise it, or the kernel's report. */
    private static String unfinished(RunResult verdict, Scenario scenario, boolean started) {
        String when = started ? "" : " before the deploy started";
        return switch (verdict.outcome()) {
            case EVENT_BUDGET_EXHAUSTED -> "the event budget ran out" + when + ": budget.maxEvents is "
                    + scenario.budget().maxEvents() + ", reached at " + seconds(verdict.nowNanos()) + "; raise it";
            case TIME_LIMIT -> "the time budget ran out" + when + ": budget.maxVirtualSeconds is "
                    + seconds(scenario.budget().maxVirtualNanos()) + "; raise it";
            case DEADLOCK -> "deadlock: " + verdict.detail().replace('\n', ' ');
            case QUIESCENT, FAILED -> "the simulation ended" + when + " with the deploy still running: "
                    + verdict.detail().replace('\n', ' ');
        };
    }

    private static String seconds(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + " s";
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replace('\n', ' ');
    }
}

package dev.deploysim.sim.cli;

import dev.deploysim.sim.report.CompareReport;
import dev.deploysim.sim.report.RunSummary;
import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * Runs the cells of a comparison on a fixed pool of threads, one run per task. Each run is a pure
 * function of its scenario, and results are stored by (cell, seed index) and read back in plan
 * order, so the outcome does not depend on how the threads were scheduled. Cells are submitted
 * in plan order, so rows finish roughly in order and an interrupted sweep keeps a prefix of them.
 * Thread-safe: {@link #cancel} and {@link #finishedCells} may be called from any thread (a
 * shutdown hook) while {@link #run} waits.
 */
final class Sweep {

    /**
     * One planned cell: a strategy at a size, with its scenarios in seed order.
     *
     * @param machines the size compared (the {@code --machines} value)
     */
    record Planned(String strategy, int machines, List<Scenario> scenarios) {
        Planned {
            Objects.requireNonNull(strategy, "strategy");
            scenarios = List.copyOf(scenarios);
        }
    }

    /** A run that threw: the simulator's or a strategy's bug, reported with the run that hit it. */
    static final class RunFailed extends RuntimeException {
        RunFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Runner runner;
    private final PromiseCheck promises;
    private final List<Planned> plan;
    private final int threads;
    private final List<AtomicReferenceArray<RunSummary>> results = new ArrayList<>();
    private final List<AtomicInteger> remaining = new ArrayList<>();
    private final AtomicInteger done = new AtomicInteger();
    private final int total;
    private volatile boolean cancelled;
    private volatile ExecutorService pool;

    Sweep(Runner runner, PromiseCheck promises, List<Planned> plan, int threads) {
        this.runner = runner;
        this.promises = promises;
        this.plan = List.copyOf(plan);
        this.threads = Math.max(1, threads);
        int n = 0;
        for (Planned p : this.plan) {
            results.add(new AtomicReferenceArray<>(p.scenarios().size()));
            remaining.add(new AtomicInteger(p.scenarios().size()));
            n += p.scenarios().size();
        }
        this.total = n;
    }

    int total() {
        return total;
    }

    int done() {
        return done.get();
    }

    /**
     * Runs every planned run, calling {@code onProgress} with the number finished (from this
     * thread) as they finish.
     *
     * @return true if every run finished, false if the sweep was cancelled first
     * @throws RunFailed if a run threw; the rest of the sweep is cancelled
     */
    boolean run(IntConsumer onProgress) {
        if (total == 0) {
            return true;
        }
        ExecutorService p = Executors.newFixedThreadPool(Math.min(threads, total), r -> {
            Thread t = new Thread(r, "deploysim-sweep");
            t.setDaemon(true);
            return t;
        });
        pool = p;
        try {
            ExecutorCompletionService<Void> completion = new ExecutorCompletionService<>(p);
            List<Future<Void>> futures = new ArrayList<>();
            for (int c = 0; c < plan.size(); c++) {
                Planned cell = plan.get(c);
                for (int i = 0; i < cell.scenarios().size(); i++) {
                    int ci = c;
                    int si = i;
                    futures.add(completion.submit(() -> {
                        runOne(ci, si);
                        return null;
                    }));
                }
            }
            int collected = 0;
            while (collected < total) {
                if (cancelled) {
                    return false;
                }
                Future<Void> f;
                try {
                    f = completion.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    return false;
                }
                if (f == null) {
                    onProgress.accept(done.get());
                    continue;
                }
                collected++;
                try {
                    f.get();
                } catch (ExecutionException e) {
                    cancel();
                    throw e.getCause() instanceof RunFailed rf ? rf : new RunFailed(String.valueOf(e.getCause()), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    return false;
                }
                onProgress.accept(done.get());
            }
            return !cancelled;
        } finally {
            // Never interrupt a run in progress (its processes would be left parked); queued runs
            // see the cancelled flag and return at once.
            p.shutdown();
        }
    }

    private void runOne(int cell, int seedIndex) {
        if (cancelled) {
            return;
        }
        Planned planned = plan.get(cell);
        Scenario scenario = planned.scenarios().get(seedIndex);
        RunSummary summary;
        try {
            DeployRun run = runner.run(scenario);
            summary = RunSummary.of(run, promises.promised(run), runner.checkers().size());
        } catch (RuntimeException | Error e) {
            throw new RunFailed(planned.strategy() + " at " + planned.machines() + (planned.machines() == 1 ? " machine" : " machines")
                    + ", seed " + scenario.seed() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        results.get(cell).set(seedIndex, summary);
        remaining.get(cell).decrementAndGet();
        done.incrementAndGet();
    }

    /**
     * Stops the sweep: no new run starts, runs in progress finish on their own, and {@link #run}
     * returns false. Finished cells stay.
     */
    void cancel() {
        cancelled = true;
        ExecutorService p = pool;
        if (p != null) {
            p.shutdown();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    /** The cells all of whose runs finished, in plan order. */
    List<CompareReport.Cell> finishedCells() {
        List<CompareReport.Cell> out = new ArrayList<>();
        for (int c = 0; c < plan.size(); c++) {
            if (remaining.get(c).get() != 0) {
                continue;
            }
            AtomicReferenceArray<RunSummary> r = results.get(c);
            List<RunSummary> runs = new ArrayList<>(r.length());
            for (int i = 0; i < r.length(); i++) {
                runs.add(r.get(i));
            }
            out.add(new CompareReport.Cell(plan.get(c).strategy(), plan.get(c).machines(), runs));
        }
        return out;
    }

    int plannedCells() {
        return plan.size();
    }
}

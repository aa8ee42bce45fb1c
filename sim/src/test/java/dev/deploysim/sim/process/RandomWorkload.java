package dev.deploysim.sim.process;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.DeadlineExceededException;
import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.RunResult;
import dev.deploysim.sim.random.RandomStream;
import dev.deploysim.sim.random.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A randomized process workload drawn from one seed: a root process starts exactly
 * {@link #processes} processes in waves of task groups; each process sleeps (often to the same
 * instant as others, to exercise ties), forks children and awaits them with deadlines, cancels
 * some of them, runs nested task groups with and without cancel-on-error, awaits any of several
 * children, shields sleeps with {@code withoutCancel}, and sometimes fails. Every process
 * awaits everything it started, as structured code does, so a correct runtime ends the run
 * quiescent with no failure lost.
 */
final class RandomWorkload {

    /** What a run produced. */
    record Result(RunResult run, long traceHash, long outcomeHash, int started, int failures,
                  int cancellations, int deadlines, int liveAfterShutdown) {
    }

    private final Processes ps;
    private final RandomStream rnd;
    private final int processes;
    private int budget;
    private int started;
    private int failures;
    private int cancellations;
    private int deadlines;
    private long outcomeHash = 17;

    private RandomWorkload(Processes ps, RandomStream rnd, int processes) {
        this.ps = ps;
        this.rnd = rnd;
        this.processes = processes;
        this.budget = processes;
    }

    /** Runs the workload for {@code seed} on a fresh kernel and shuts it down. */
    static Result run(long seed, int processes) {
        return run(new Kernel(), seed, processes);
    }

    /** Runs the workload for {@code seed} on {@code kernel}, fresh, and shuts it down. */
    static Result run(Kernel kernel, long seed, int processes) {
        Processes ps = new Processes(kernel);
        RandomWorkload w = new RandomWorkload(ps, new Streams(seed).get("workload"), processes);
        ps.spawn("root", () -> { w.root(); return null; });
        RunResult r = kernel.run(Long.MAX_VALUE, 50_000_000);
        ps.shutdown();
        return new Result(r, kernel.traceHash(), w.outcomeHash, w.started, w.failures, w.cancellations,
                w.deadlines, ps.liveCount());
    }

    private void root() {
        int wave = 0;
        while (budget > 0) {
            TaskGroup g = ps.group("wave" + wave, 1 + rnd.nextInt(64), false);
            int n = Math.min(budget, 1 + rnd.nextInt(300));
            for (int i = 0; i < n; i++) {
                String name = "w" + wave + "." + i;
                take();
                g.go(name, () -> body(name, 1));
            }
            try {
                g.await();
            } catch (RuntimeException e) {
                note("wave" + wave, e);
            }
            wave++;
        }
    }

    private void take() {
        budget--;
        started++;
    }

    private Duration pause() {
        return switch (rnd.nextInt(3)) {
            case 0 -> Duration.ofMillis(rnd.nextInt(4)); // coarse: many processes wake together
            case 1 -> Duration.ofNanos(rnd.nextLong(0, 5_000_000));
            default -> Duration.ZERO;
        };
    }

    private Object body(String name, int depth) throws Exception {
        List<Task<?>> children = new ArrayList<>();
        try {
            int actions = 1 + rnd.nextInt(4);
            for (int a = 0; a < actions; a++) {
                int kind = rnd.nextInt(depth >= 5 || budget == 0 ? 3 : 8);
                switch (kind) {
                    case 0 -> ps.sleep(pause());
                    case 1 -> ps.withoutCancel(() -> { ps.sleep(pause()); return null; });
                    case 2 -> {
                        if (rnd.chance(0.15)) {
                            throw new IllegalStateException(name + " failed");
                        }
                        ps.sleep(pause());
                    }
                    case 3, 4 -> forkAndAwait(name, depth, children);
                    case 5 -> group(name, depth);
                    case 6 -> awaitAny(name, depth, children);
                    default -> forkAndCancel(name, depth, children);
                }
            }
            return name;
        } finally {
            // Structured: never leave a child unawaited, even when failing or cancelled.
            ps.withoutCancel(() -> {
                for (Task<?> c : children) {
                    awaitQuietly(c);
                }
                return null;
            });
        }
    }

    private Task<?> fork(String parent, int depth, List<Task<?>> children) {
        String name = parent + "/" + children.size();
        take();
        Task<?> t = ps.fork(name, () -> body(name, depth + 1));
        children.add(t);
        return t;
    }

    private void forkAndAwait(String name, int depth, List<Task<?>> children) {
        int n = Math.min(budget, 1 + rnd.nextInt(3));
        List<Task<?>> mine = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            mine.add(fork(name, depth, children));
        }
        for (Task<?> t : mine) {
            try {
                ps.await(t, rnd.chance(0.3) ? Duration.ofMillis(rnd.nextInt(3)) : Tasks.FOREVER);
            } catch (DeadlineExceededException e) {
                deadlines++;
                t.cancel();
                note(t.name(), e);
            } catch (CancelledException e) {
                if (ps.cancelled()) {
                    throw e; // we were cancelled ourselves
                }
                note(t.name(), e);
            } catch (RuntimeException e) {
                note(t.name(), e);
            }
        }
    }

    private void forkAndCancel(String name, int depth, List<Task<?>> children) {
        if (budget == 0) {
            return;
        }
        Task<?> t = fork(name, depth, children);
        ps.sleep(pause());
        t.cancel();
    }

    private void awaitAny(String name, int depth, List<Task<?>> children) {
        int n = Math.min(budget, 2 + rnd.nextInt(3));
        if (n == 0) {
            return;
        }
        List<Task<?>> mine = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            mine.add(fork(name, depth, children));
        }
        try {
            int first = ps.awaitAny(mine, Duration.ofMillis(rnd.nextInt(4)));
            note(name + " any=" + first, null);
        } catch (DeadlineExceededException e) {
            deadlines++;
            note(name + " any", e);
        }
        for (Task<?> t : mine) {
            if (!t.isDone()) {
                t.cancel();
            }
        }
    }

    private void group(String name, int depth) {
        boolean cancelOnError = rnd.chance(0.5);
        TaskGroup g = ps.group(name + "/g", 1 + rnd.nextInt(4), cancelOnError);
        int n = Math.min(budget, 1 + rnd.nextInt(6));
        for (int i = 0; i < n; i++) {
            String child = name + "/g" + i;
            take();
            g.go(child, () -> body(child, depth + 1));
        }
        try {
            g.await();
        } catch (CancelledException e) {
            if (ps.cancelled()) {
                ps.withoutCancel(() -> { awaitGroupQuietly(g); return null; });
                throw e;
            }
            note(name + "/g", e);
        } catch (RuntimeException e) {
            note(name + "/g", e);
        }
    }

    private void awaitGroupQuietly(TaskGroup g) {
        try {
            g.await();
        } catch (RuntimeException e) {
            note("group", e);
        }
    }

    private void awaitQuietly(Task<?> t) {
        try {
            ps.await(t, Tasks.FOREVER);
        } catch (RuntimeException e) {
            note(t.name(), e);
        }
    }

    private void note(String what, Throwable e) {
        if (e instanceof CancelledException) {
            cancellations++;
        } else if (e instanceof IllegalStateException) {
            failures++;
        }
        String line = what + " " + (e == null ? "ok" : e.getClass().getSimpleName()) + " @" + ps.kernel().nowNanos();
        outcomeHash = outcomeHash * 1_000_003 + line.hashCode();
    }

    int processes() {
        return processes;
    }
}

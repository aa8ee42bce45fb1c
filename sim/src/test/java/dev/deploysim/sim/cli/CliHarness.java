package dev.deploysim.sim.cli;

import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.scenario.TestStrategies;
import dev.deploysim.strategies.Strategies;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code deploysim} through {@link Main#execute} with captured streams. */
final class CliHarness {
    /** What one invocation produced. */
    record Outcome(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Actions that record the requests they get and answer with a fixed exit code. */
    static final class Recording implements Actions {
        final List<Object> requests = new ArrayList<>();
        int exit = ExitCodes.OK;
        RuntimeException failure;

        private int answer(Object request, PrintWriter out) {
            requests.add(request);
            if (failure != null) {
                throw failure;
            }
            out.println("ran " + request.getClass().getSimpleName());
            return exit;
        }

        @Override
        public int run(Requests.Run request, PrintWriter out, PrintWriter err) {
            return answer(request, out);
        }

        @Override
        public int compare(Requests.Compare request, PrintWriter out, PrintWriter err) {
            return answer(request, out);
        }

        @Override
        public int merge(Requests.Merge request, PrintWriter out, PrintWriter err) {
            return answer(request, out);
        }

        @Override
        public int explore(Requests.Explore request, PrintWriter out, PrintWriter err) {
            return answer(request, out);
        }

        @Override
        public int replay(Requests.Replay request, PrintWriter out, PrintWriter err) {
            return answer(request, out);
        }
    }

    /** The recording actions behind {@link #wired()}; unused otherwise. */
    final Recording actions;
    private final Cli cli;
    /** The shipped entry point (strategies from --classpath and the environment), or null for {@link #cli}. */
    private final Main main;

    private CliHarness(Recording actions, Cli cli) {
        this.actions = actions;
        this.cli = cli;
        this.main = null;
    }

    private CliHarness(Main main) {
        this.actions = new Recording();
        this.cli = null;
        this.main = main;
    }

    /**
     * The jar's entry point as {@code main} builds it (built-in strategies plus those
     * {@code --classpath} and {@code env}'s DEPLOYSIM_CLASSPATH add), on two threads, without a terminal.
     */
    static CliHarness shipped(java.util.Map<String, String> env) {
        return new CliHarness(Main.shipped(RunnerActions.Environment.quiet(2), env));
    }

    /** The typed test catalog and recording actions: for argument handling alone. */
    static CliHarness wired() {
        Recording r = new Recording();
        return new CliHarness(r, Cli.of(TestStrategies.typed(), r));
    }

    /** The CLI the jar ships (registered strategies, the standard runner), on two threads, without a terminal. */
    static CliHarness asShipped() {
        return new CliHarness(new Recording(), Main.standard(RunnerActions.Environment.quiet(2)));
    }

    /** The shipped strategies with {@code runner} and {@code promises} instead of the standard ones, on two threads. */
    static CliHarness withRunner(Runner runner, PromiseCheck promises) {
        return withRunner(runner, promises, 2);
    }

    /** The shipped strategies with {@code runner} and {@code promises}, sweeping on {@code threads} threads. */
    static CliHarness withRunner(Runner runner, PromiseCheck promises, int threads) {
        List<Strategy> registered = Strategies.all();
        ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.of(registered));
        return new CliHarness(new Recording(), new Cli(loader, registered,
                new RunnerActions(loader, runner, promises, RunnerActions.Environment.quiet(threads))));
    }

    Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = (main != null ? main : new Main(cli)).execute(args, out, err);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

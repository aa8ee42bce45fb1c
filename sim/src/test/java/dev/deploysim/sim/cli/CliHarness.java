package dev.deploysim.sim.cli;

import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.scenario.TestStrategies;
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
        public int explore(Requests.Explore request, PrintWriter out, PrintWriter err) {
            return answer(request, out);
        }

        @Override
        public int replay(Requests.Replay request, PrintWriter out, PrintWriter err) {
            return answer(request, out);
        }
    }

    final Recording actions = new Recording();
    private final StrategyCatalog catalog;
    private final boolean wired;

    CliHarness(StrategyCatalog catalog, boolean wired) {
        this.catalog = catalog;
        this.wired = wired;
    }

    /** The typed test catalog and recording actions. */
    static CliHarness wired() {
        return new CliHarness(TestStrategies.typed(), true);
    }

    /** The catalog and actions the jar ships with today. */
    static CliHarness asShipped() {
        return new CliHarness(Main.defaultCatalog(), false);
    }

    Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(Cli.of(catalog, wired ? actions : Actions.notWired()));
        int exit = main.execute(args, out, err);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

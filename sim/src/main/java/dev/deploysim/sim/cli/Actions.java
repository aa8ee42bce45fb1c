package dev.deploysim.sim.cli;

import java.io.PrintWriter;

/**
 * What the simulation commands do once their input is validated: the seam where the runner plugs
 * into the CLI. Each method returns an exit code from {@link ExitCodes} and writes its output to
 * {@code out} (data) and {@code err} (progress, warnings). Until the runner lands,
 * {@link #notWired()} answers every call with exit code 3.
 */
public interface Actions {

    int run(Requests.Run request, PrintWriter out, PrintWriter err);

    int compare(Requests.Compare request, PrintWriter out, PrintWriter err);

    int explore(Requests.Explore request, PrintWriter out, PrintWriter err);

    int replay(Requests.Replay request, PrintWriter out, PrintWriter err);

    /**
     * NOT WIRED YET: every simulation command validates its input, then prints one line saying it
     * is not wired and exits 3. The lead replaces this with the runner's implementation.
     */
    static Actions notWired() {
        return new Actions() {
            @Override
            public int run(Requests.Run request, PrintWriter out, PrintWriter err) {
                return notWired("run", err);
            }

            @Override
            public int compare(Requests.Compare request, PrintWriter out, PrintWriter err) {
                return notWired("compare", err);
            }

            @Override
            public int explore(Requests.Explore request, PrintWriter out, PrintWriter err) {
                return notWired("explore", err);
            }

            @Override
            public int replay(Requests.Replay request, PrintWriter out, PrintWriter err) {
                return notWired("replay", err);
            }

            private int notWired(String command, PrintWriter err) {
                err.println("deploysim " + command + ": not wired yet: the input is valid, but the runner has not landed");
                return ExitCodes.INTERNAL;
            }
        };
    }
}

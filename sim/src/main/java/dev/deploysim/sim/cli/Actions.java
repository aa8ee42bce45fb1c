package dev.deploysim.sim.cli;

import java.io.PrintWriter;

/**
 * What the simulation commands do once their input is validated: the seam between parsing
 * arguments and running simulations. Each method returns an exit code from {@link ExitCodes} and
 * writes its report to {@code out} and notes and progress to {@code err}. The jar uses
 * {@link RunnerActions}; tests of argument handling substitute a recording implementation.
 */
public interface Actions {

    int run(Requests.Run request, PrintWriter out, PrintWriter err);

    int compare(Requests.Compare request, PrintWriter out, PrintWriter err);

    int merge(Requests.Merge request, PrintWriter out, PrintWriter err);

    int explore(Requests.Explore request, PrintWriter out, PrintWriter err);

    int replay(Requests.Replay request, PrintWriter out, PrintWriter err);

    /** {@code deploysim sensitivity}; implementations that run nothing need not support it. */
    default int sensitivity(Requests.Sensitivity request, PrintWriter out, PrintWriter err) {
        throw new UnsupportedOperationException("sensitivity is not supported by " + getClass().getSimpleName());
    }

    /** {@code deploysim sensitivity --merge}; implementations that run nothing need not support it. */
    default int mergeSensitivity(Requests.SensitivityMerge request, PrintWriter out, PrintWriter err) {
        throw new UnsupportedOperationException("sensitivity --merge is not supported by " + getClass().getSimpleName());
    }
}

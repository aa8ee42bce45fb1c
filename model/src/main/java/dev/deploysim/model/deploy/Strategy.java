package dev.deploysim.model.deploy;

import java.util.List;

/**
 * A deploy strategy: replaces an app's machines with the release's version using only the
 * ports in its {@link DeployContext}. Returning normally means the deploy succeeded.
 */
public interface Strategy {

    /** The registered name, e.g. {@code rolling}; fixed, the CLI and tests use it. */
    String name();

    /** Where its behaviour comes from (a file and commit, a doc), one line. */
    String source();

    /** The options it accepts with their defaults. */
    List<OptionSpec> options();

    /** What it promises, as data the property suite checks. */
    List<Guarantee> guarantees();

    /**
     * Rejects option values the strategy refuses (flyctl's validation rules).
     *
     * @throws InvalidOptionException naming the option and the fix
     */
    default void validate(Options options) {
    }

    /**
     * Runs the deploy.
     *
     * @throws DeployException when the deploy fails (after any rollback the strategy does)
     */
    void deploy(DeployContext ctx);
}

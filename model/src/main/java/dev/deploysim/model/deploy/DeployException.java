package dev.deploysim.model.deploy;

/**
 * A deploy that did not succeed. {@code rolledBack} says whether the strategy undid its changes
 * (bluegreen destroying its greens); {@code unrecoverable} mirrors flyctl's
 * {@code unrecoverableError}, which stops push-forward retries.
 */
public class DeployException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean rolledBack;
    private final boolean unrecoverable;

    public DeployException(String message, Throwable cause, boolean rolledBack, boolean unrecoverable) {
        super(message, cause);
        this.rolledBack = rolledBack;
        this.unrecoverable = unrecoverable;
    }

    public DeployException(String message, Throwable cause) {
        this(message, cause, false, false);
    }

    public DeployException(String message) {
        this(message, null, false, false);
    }

    public boolean rolledBack() {
        return rolledBack;
    }

    public boolean unrecoverable() {
        return unrecoverable;
    }
}

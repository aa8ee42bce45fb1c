package dev.deploysim.model.deploy;

/** A strategy option with a value the strategy refuses; the message names the option and the fix. */
public final class InvalidOptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String option;

    public InvalidOptionException(String option, String message) {
        super(option + ": " + message, null, false, false);
        this.option = option;
    }

    public String option() {
        return option;
    }
}

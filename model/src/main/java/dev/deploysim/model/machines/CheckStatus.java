package dev.deploysim.model.machines;

/** The latest result of one check on one machine, as {@code GET /machines/{id}} returns it. */
public record CheckStatus(String name, boolean serviceCheck, Status status) {

    /** The API's three check outcomes. */
    public enum Status { PASSING, WARNING, CRITICAL }

    public boolean passing() {
        return status == Status.PASSING;
    }
}

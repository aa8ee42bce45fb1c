package dev.deploysim.model.machines;

/**
 * An error returned by the Machines API. The subclasses are the cases flyctl tells apart;
 * messages use the platform's wording, because flyctl matches on substrings such as
 * {@code "lease currently held by"}.
 */
public sealed class MachinesApiException extends RuntimeException
        permits MachinesApiException.LeaseHeld, MachinesApiException.LeaseNotFound,
        MachinesApiException.NotFound, MachinesApiException.ConcurrentUpdate, MachinesApiException.Timeout,
        MachinesApiException.Transient, MachinesApiException.CapacityExhausted,
        MachinesApiException.HostUnreachable, MachinesApiException.InvalidState {
    private static final long serialVersionUID = 1L;

    MachinesApiException(String message) {
        super(message, null, false, false);
    }

    /** Another actor holds the machine's lease. */
    public static final class LeaseHeld extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        public LeaseHeld(String machineId, String holder) {
            super("machine " + machineId + ": lease currently held by " + holder);
        }
    }

    /** The caller's nonce does not name a live lease (expired, released or never held). */
    public static final class LeaseNotFound extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        public LeaseNotFound(String machineId) {
            super("machine " + machineId + ": lease not found or expired");
        }
    }

    /** No such machine (HTTP 404). */
    public static final class NotFound extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        public NotFound(String machineId) {
            super("machine " + machineId + " not found");
        }
    }

    /** A second update while one is in flight (#4825). */
    public static final class ConcurrentUpdate extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        public ConcurrentUpdate(String machineId) {
            super("machine " + machineId + ": concurrent update in progress");
        }
    }

    /** A wait or request that ran out of time (HTTP 408 from wait endpoints). */
    public static final class Timeout extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        public Timeout(String what) {
            super("timeout: " + what);
        }
    }

    /** A retryable failure: 408/429/5xx or a network error before the request reached the API. */
    public static final class Transient extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        private final int status;
        public Transient(String operation, int status) {
            super(operation + ": transient error (status " + (status == 0 ? "network" : status) + ")");
            this.status = status;
        }
        /** The HTTP status, or 0 for a network error. */
        public int status() {
            return status;
        }
    }

    /** No capacity on the host or in the region. */
    public static final class CapacityExhausted extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        public CapacityExhausted(String machineOrRegion) {
            super(machineOrRegion + ": could not reserve resource for machine");
        }
    }

    /** The machine's host cannot be reached. */
    public static final class HostUnreachable extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        public HostUnreachable(String machineId) {
            super("machine " + machineId + ": host unreachable");
        }
    }

    /** The operation is not allowed in the machine's current state (HTTP 412). */
    public static final class InvalidState extends MachinesApiException {
        private static final long serialVersionUID = 1L;
        public InvalidState(String machineId, MachineState state, String operation) {
            super("machine " + machineId + ": cannot " + operation + " while " + state.apiName());
        }
    }
}

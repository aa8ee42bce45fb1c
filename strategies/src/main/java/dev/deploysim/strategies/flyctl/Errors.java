package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.machines.MachinesApiException;

/**
 * Go's error idioms over Java exceptions: {@code fmt.Errorf("...: %w", err)} is {@link #wrap},
 * {@code errors.As(err, &unrecoverableError)} is {@link #isUnrecoverable}, {@code errors.Is(err,
 * context.Canceled)} is {@link #isCancelled}, and {@code strings.Contains(err.Error(), s)} is
 * {@link #contains} (wrapping keeps the inner message, as {@code %w} does).
 */
final class Errors {
    private Errors() {
    }

    /** {@code fmt.Errorf(prefix + ": %w", cause)}: keeps the cause and its unrecoverable mark. */
    static DeployException wrap(String prefix, Throwable cause) {
        return new DeployException(prefix + ": " + message(cause), cause, false, isUnrecoverable(cause));
    }

    /** plan.go's {@code &unrecoverableError{err}}: "Unrecoverable error: ...", stops push-forward retries. */
    static DeployException unrecoverable(Throwable cause) {
        return new DeployException("Unrecoverable error: " + message(cause), cause, false, true);
    }

    static DeployException error(String message) {
        return new DeployException(message);
    }

    static boolean isUnrecoverable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DeployException d && d.unrecoverable()) {
                return true;
            }
        }
        return false;
    }

    static boolean isCancelled(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CancelledException) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(Throwable t, String needle) {
        return message(t).contains(needle);
    }

    /** flyctl's {@code isTransientFlapsError}: 408/429/5xx or a network error before the request. */
    static boolean isTransient(Throwable t) {
        return t instanceof MachinesApiException.Transient;
    }

    static String message(Throwable t) {
        if (t instanceof CancelledException) {
            return "context canceled";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /** The exception a strategy's deploy throws: a DeployException, the cause kept. */
    static DeployException toDeployException(RuntimeException e) {
        if (e instanceof DeployException d) {
            return d;
        }
        return new DeployException(message(e), e, false, isUnrecoverable(e));
    }
}

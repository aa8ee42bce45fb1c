/*
 * fly-go's client-side retries, which every flaps call flyctl makes goes through: part of
 * flyctl's binary, so modelled once here, between flyctl's code and the Machines API port.
 * Follows: superfly/fly-go v0.9.6 (the version flyctl master at #5108 pins in go.mod):
 *  - http.go 15-26, NewHTTPClient, used for flaps by flaps/flaps.go 88-89: a rehttp transport
 *    (PuerkitoBio/rehttp v1.4.0, rehttp.go 330-400) retrying every request, whatever its method,
 *    up to 3 times (RetryMaxRetries(3), 162-167: attempt.Index < 3) on a 502 or 503 response or
 *    a Temporary() transport error, waiting ExpJitterDelay(100 ms, 1 s) (279-287: a uniform draw in
 *    [0, min(1 s, 100 ms x 2^index))) before each retry, or stopping on cancellation (395-400).
 *  - flaps/flaps.go 147-148 and 193-230, Client.do: a GET whose send fails with ECONNRESET is sent
 *    again, up to 2 more times (backoff.WithMaxRetries(b, 2)), with cenkalti/backoff's exponential
 *    backoff from 100 ms (multiplier 1.5, randomisation 0.5, max 500 ms); any other error is final.
 * How the model's errors map onto these: a MachinesApiException.Transient with status 502 or 503 is
 * the response rehttp retries; status 0 ("a network error before the request reached the API") is a
 * connection reset, which is not Temporary() in Go's net package (only timeouts are) and so reaches
 * flaps.do, which retries it for GETs (list, get, waitFor, listening) only; 408, 429 and 500 are
 * returned at once (flyctl's own loops, such as bluegreen's, may retry them). Each attempt is its own
 * call on the port, so the platform's log keeps every raw attempt and its error.
 * Divergences:
 *  F1 Jitter: strategies get no random source (the model has none), so each wait is the expected
 *    value of flyctl's draw: rehttp's full jitter waits 50, 100, 200 ms (half of 100, 200, 400 ms)
 *    and flaps.do's randomised backoff waits 100 then 150 ms. The sum over a run of retries, and so a
 *    deploy's mean duration, is that of flyctl; what jitter exists for, spreading many clients'
 *    retries against one server, has no counterpart here: the simulated API draws every call's
 *    fault independently of the others.
 *  F2 A Timeout (an API call that hung, or a wait endpoint's 408) is never retried here: rehttp
 *    would retry a Temporary() timeout, but the model's Timeout stands for a request that reached
 *    the API and may have been applied, whose 408 flyctl sees.
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.machines.CheckStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.model.machines.StopInput;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Machines API as flyctl's flaps client calls it: each call retried by fly-go's rehttp
 * transport on 502 and 503, and a GET also by flaps' own loop on a connection reset.
 */
final class FlapsClient implements MachinesApi {

    /** RetryMaxRetries(3). */
    static final int TRANSPORT_RETRIES = 3;
    /** The waits before rehttp's retries: the means of ExpJitterDelay(100 ms, 1 s)'s draws (F1). */
    static final List<Duration> TRANSPORT_DELAYS = List.of(Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(200));
    /** backoff.WithMaxRetries(b, 2) in flaps.do. */
    static final int RESET_RETRIES = 2;
    /** The waits before flaps.do's retries: 100 ms, then x 1.5 (F1). */
    static final List<Duration> RESET_DELAYS = List.of(Duration.ofMillis(100), Duration.ofMillis(150));

    private final MachinesApi api;
    private final Clock clock;

    FlapsClient(MachinesApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** rehttp's retry condition: a 502 or 503 response. */
    static boolean transportRetries(RuntimeException e) {
        return e instanceof MachinesApiException.Transient t && (t.status() == 502 || t.status() == 503);
    }

    /** flaps.do's retry condition: errors.Is(err, syscall.ECONNRESET). */
    static boolean isConnectionReset(RuntimeException e) {
        return e instanceof MachinesApiException.Transient t && t.status() == 0;
    }

    /** httpClient.Do through rehttp: the call, and up to 3 retries on 502/503. */
    private <T> T send(Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt >= TRANSPORT_RETRIES || !transportRetries(e)) {
                    throw e;
                }
                clock.sleep(TRANSPORT_DELAYS.get(attempt));
            }
        }
    }

    /** flaps.do with safeToRetry (a GET): send, and up to 2 more sends after a connection reset. */
    private <T> T get(Supplier<T> call) {
        for (int retry = 0; ; retry++) {
            try {
                return send(call);
            } catch (RuntimeException e) {
                if (retry >= RESET_RETRIES || !isConnectionReset(e)) {
                    throw e;
                }
                clock.sleep(RESET_DELAYS.get(retry));
            }
        }
    }

    private void sendVoid(Runnable call) {
        send(() -> {
            call.run();
            return null;
        });
    }

    @Override
    public List<Machine> list() {
        return get(api::list);
    }

    @Override
    public Machine get(String machineId) {
        return get(() -> api.get(machineId));
    }

    @Override
    public Machine launch(LaunchInput input) {
        return send(() -> api.launch(input));
    }

    @Override
    public Machine update(LaunchInput input, String nonce) {
        return send(() -> api.update(input, nonce));
    }

    @Override
    public void start(String machineId, String nonce) {
        sendVoid(() -> api.start(machineId, nonce));
    }

    @Override
    public void stop(String machineId, StopInput input, String nonce) {
        sendVoid(() -> api.stop(machineId, input, nonce));
    }

    @Override
    public void destroy(String machineId, boolean force, String nonce) {
        sendVoid(() -> api.destroy(machineId, force, nonce));
    }

    @Override
    public void waitFor(String machineId, Optional<String> instanceId, MachineState state, Duration timeout) {
        get(() -> {
            api.waitFor(machineId, instanceId, state, timeout);
            return null;
        });
    }

    @Override
    public Lease acquireLease(String machineId, Duration ttl) {
        return send(() -> api.acquireLease(machineId, ttl));
    }

    @Override
    public Lease refreshLease(String machineId, Duration ttl, String nonce) {
        return send(() -> api.refreshLease(machineId, ttl, nonce));
    }

    @Override
    public void releaseLease(String machineId, String nonce) {
        sendVoid(() -> api.releaseLease(machineId, nonce));
    }

    @Override
    public void cordon(String machineId, String nonce) {
        sendVoid(() -> api.cordon(machineId, nonce));
    }

    @Override
    public void uncordon(String machineId, String nonce) {
        sendVoid(() -> api.uncordon(machineId, nonce));
    }

    @Override
    public void setMetadata(String machineId, String key, String value, String nonce) {
        sendVoid(() -> api.setMetadata(machineId, key, value, nonce));
    }

    @Override
    public boolean listening(String machineId) {
        return get(() -> api.listening(machineId));
    }

    @Override
    public List<CheckStatus> checks(String machineId) {
        return get(() -> api.checks(machineId));
    }

    @Override
    public String toString() {
        return "FlapsClient(" + api + ")";
    }
}

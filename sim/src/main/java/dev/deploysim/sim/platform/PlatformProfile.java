package dev.deploysim.sim.platform;

import dev.deploysim.sim.random.Distribution.Constant;
import dev.deploysim.sim.random.Distribution.LogNormal;
import dev.deploysim.sim.random.Distribution.Mixture;
import dev.deploysim.sim.random.Distribution.Uniform;
import dev.deploysim.sim.random.Distribution.Weighted;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The named platforms a scenario can start from ({@code platform.profile}, {@code --profile}).
 * Each is a complete {@link PlatformConfig}; a scenario's explicit platform fields override it.
 * docs/model.md gives every value's source, date and strength; docs/validation.md checks the
 * default against published observations.
 */
public enum PlatformProfile {
    /** The calibrated default: Fly.io as public logs, docs and staff posts of 2025–26 show it. */
    FLY("fly", "Fly.io as 2025-26 evidence shows it (the calibrated default)",
            new PlatformConfig("fly",
                    new LogNormal(1.4, 0.35, 4.0),          // boot: flyd "started in" 0.86-1.7 s; reboot in an update 1.4-2.6 s
                    new LogNormal(2.1, 0.8, 15.0),          // pull: 23 flyd "prepared image" figures, 0.46-12.8 s, median 2.1 s
                    true,                                   // pull before the kill signal: 9 in-place update logs, 2024-11 to 2026-07
                    new LogNormal(4.0, 0.8, 30.0),          // app ready: app-dependent, 0-12 s observed, median ~4.4 s
                    new Mixture(List.of(                    // SIGINT -> exit: 20 of 23 apps in 0.2-2 s, a few run to kill_timeout
                            new Weighted(0.9, new LogNormal(0.7, 0.6, 2.5)),
                            new Weighted(0.1, new Constant(300.0)))),
                    1.0,                                    // fast re-check after start (staff post, late 2025; interval inferred)
                    new LogNormal(0.3, 0.5, 3.0),           // propagation: Corrosion p99 ~1 s (QCon London 2025)
                    new Uniform(0.05, 0.3),                 // API latency: nothing published (assumption)
                    new Uniform(0.2, 1.0),                  // destroy: nothing published (assumption)
                    new Uniform(0.01, 0.05),                // one proxy attempt (assumption)
                    39, 0.02, 0.2,                          // "within 40 attempts" (proxy logs 2025-12 to 2026-10); pacing inferred
                    7.5,                                    // 502 after 7.50-7.86 s with nothing to route to (measured 2026-08)
                    false)),
    /** Fly.io before the 2025 regional Corrosion clusters and the fast re-check: 10–20 s to learn a machine. */
    FLY_2024("fly-2024", "Fly.io in 2024: 10-20 s to learn a change, checks on the configured grid, 90 proxy attempts",
            FLY.config.with(b -> {
                b.profile = "fly-2024";
                b.propagationSeconds = new Uniform(10.0, 20.0); // PR #3297, fly-go PR #4 (2024-02): 10-20 s
                b.startupCheckIntervalSeconds = 0;              // the fast re-check came in late 2025
                b.proxyRetries = 89;                            // error-codes docs (2024-04): "up to 90 retries"
                b.proxyHoldTimeoutSeconds = 30;                 // requests were retried through 10-20 s gaps without failing
            })),
    /** deploysim's defaults before calibration, kept as a stress setting: every gap as wide as the spec allows. */
    ADVERSE("adverse", "pessimistic on purpose: pull in the gap, 20 s propagation tail, 2 quick retries",
            new PlatformConfig("adverse",
                    new Uniform(0.3, 2.0),
                    new Uniform(1.0, 30.0),
                    false,
                    new Uniform(1.0, 10.0),
                    new Uniform(0.2, 3.0),
                    0,
                    new Mixture(List.of(new Weighted(0.9, new Uniform(0.5, 10.0)),
                            new Weighted(0.1, new Uniform(10.0, 20.0)))),
                    new Uniform(0.05, 0.3),
                    new Uniform(0.2, 1.0),
                    new Uniform(0.01, 0.05),
                    2, 0, 0,
                    10.0,
                    false)),
    /** Near-zero lags and a patient proxy: a sanity bound, not a platform anyone runs. */
    IDEAL("ideal", "near-zero lags and a patient proxy: a sanity bound",
            new PlatformConfig("ideal",
                    new Constant(0.1), new Constant(0), true, new Constant(0.1), new Constant(0.05), 0.1,
                    new Constant(0.01), new Constant(0.01), new Constant(0.05), new Constant(0.005),
                    1000, 0.01, 0.05, 3600, false)),
    /** Every distribution a constant, for hand-checked traces (see {@link PlatformConfig#constant()}). */
    CONSTANT("constant", "every time a constant, for hand-checked traces",
            new PlatformConfig("constant",
                    new Constant(1.0), new Constant(2.0), false, new Constant(3.0), new Constant(1.0), 0,
                    new Constant(0.5), new Constant(0.1), new Constant(0.5), new Constant(0.01),
                    2, 0, 0, 10.0, false));

    private final String id;
    private final String summary;
    private final PlatformConfig config;

    PlatformProfile(String id, String summary, PlatformConfig config) {
        this.id = id;
        this.summary = summary;
        this.config = config;
    }

    /** The name scenarios and {@code --profile} use. */
    public String id() {
        return id;
    }

    /** One line on what the profile is for. */
    public String summary() {
        return summary;
    }

    public PlatformConfig config() {
        return config;
    }

    /** The profile named {@code id}, if any. */
    public static Optional<PlatformProfile> byId(String id) {
        for (PlatformProfile p : values()) {
            if (p.id.equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Every profile's name, in declaration order. */
    public static List<String> ids() {
        List<String> out = new ArrayList<>();
        for (PlatformProfile p : values()) {
            out.add(p.id);
        }
        return out;
    }
}

package dev.deploysim.sim.scenario;

import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import java.time.Duration;
import java.util.List;

/**
 * Stand-in strategies with flyctl's names and option declarations, so scenario tests can check
 * typed option resolution before the real registry exists. They cannot deploy.
 */
public final class TestStrategies {
    private TestStrategies() {
    }

    /** A catalog of four strategies; rolling and canary declare maxUnavailable (> 0) and waitTimeout. */
    public static StrategyCatalog typed() {
        List<OptionSpec> rollingOptions = List.of(
                new OptionSpec("maxUnavailable", OptionSpec.Type.DOUBLE, 0.33, "pool size: >= 1 a count, < 1 a fraction"),
                new OptionSpec("waitTimeout", OptionSpec.Type.DURATION, Duration.ofMinutes(5), "flyctl's wait-timeout"));
        return StrategyCatalog.of(List.of(
                new Fake("immediate", List.of()),
                new Fake("rolling", rollingOptions),
                new Fake("canary", rollingOptions),
                new Fake("bluegreen", List.of(rollingOptions.get(1)))));
    }

    /** A strategy that only declares options. */
    record Fake(String name, List<OptionSpec> options) implements Strategy {
        @Override
        public String source() {
            return "test stand-in";
        }

        @Override
        public List<Guarantee> guarantees() {
            return List.of();
        }

        @Override
        public void validate(Options options) {
            if (options.asMap().containsKey("maxUnavailable") && !(options.getDouble("maxUnavailable") > 0)) {
                throw new InvalidOptionException("maxUnavailable", "must be > 0, was " + options.getDouble("maxUnavailable"));
            }
        }

        @Override
        public void deploy(DeployContext ctx) {
            throw new UnsupportedOperationException("test stand-in");
        }
    }
}

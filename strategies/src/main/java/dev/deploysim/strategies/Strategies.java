package dev.deploysim.strategies;

import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.strategies.ecs.EcsRollingStrategy;
import dev.deploysim.strategies.flyctl.BlueGreenStrategy;
import dev.deploysim.strategies.flyctl.CanaryServingStrategy;
import dev.deploysim.strategies.flyctl.CanaryStrategy;
import dev.deploysim.strategies.flyctl.ImmediateStrategy;
import dev.deploysim.strategies.flyctl.RollingStrategy;
import dev.deploysim.strategies.k8s.K8sRollingStrategy;
import dev.deploysim.strategies.nomad.NomadStrategy;
import dev.deploysim.strategies.surge.SurgeRollingStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of strategies by their fixed names: one line per strategy, no classpath scanning
 * and no self-registration. Strategies are stateless (a deploy's state lives in its run), so each
 * lookup may return a fresh instance.
 */
public final class Strategies {

    private static final Map<String, Supplier<Strategy>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("immediate", ImmediateStrategy::new);
        REGISTRY.put("rolling", RollingStrategy::new);
        REGISTRY.put("canary", CanaryStrategy::new);
        REGISTRY.put("canary-serving", CanaryServingStrategy::new);
        REGISTRY.put("bluegreen", BlueGreenStrategy::new);
        REGISTRY.put(K8sRollingStrategy.NAME, K8sRollingStrategy::new);
        REGISTRY.put(NomadStrategy.NAME, NomadStrategy::new);
        REGISTRY.put(EcsRollingStrategy.NAME, EcsRollingStrategy::new);
        REGISTRY.put(SurgeRollingStrategy.NAME, SurgeRollingStrategy::new);
    }

    private Strategies() {
    }

    /**
     * The registered names, in registry order: flyctl's immediate, rolling, canary, canary-serving and
     * bluegreen, then k8s-rolling, nomad, ecs-rolling and surge-rolling.
     */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /**
     * The strategy registered as {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Strategy get(String name) {
        Supplier<Strategy> s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unsupported deployment strategy '" + name
                    + "'; the following strategies are supported: " + String.join(", ", REGISTRY.keySet()));
        }
        return s.get();
    }

    /** Every registered strategy, in registry order. */
    public static List<Strategy> all() {
        List<Strategy> out = new ArrayList<>();
        for (Supplier<Strategy> s : REGISTRY.values()) {
            out.add(s.get());
        }
        return List.copyOf(out);
    }

    /**
     * Resolves {@code given} against the strategy's declared options and validates the result.
     *
     * @throws dev.deploysim.model.deploy.InvalidOptionException naming the offending option
     */
    public static Options resolveOptions(Strategy strategy, Map<String, ?> given) {
        Options o = Options.resolve(strategy.options(), given);
        strategy.validate(o);
        return o;
    }
}

package dev.deploysim.sim.strategies.beyond;

import dev.deploysim.sim.run.DeployRun;
import dev.deploysim.sim.run.Runners;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A scenario the property suite shrank, kept as a test resource under {@code regressions/} and replayed bit for bit. */
final class ShrunkScenario {
    private ShrunkScenario() {
    }

    /** Replays {@code regressions/<name>.json} with the standard runner (every invariant checked). */
    static DeployRun replay(String name) {
        String resource = "/regressions/" + name + ".json";
        try (InputStream in = ShrunkScenario.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            var scenario = new ScenarioLoader(StrategyCatalog.of(Strategies.all())).fromJson(json, resource, List.of());
            return Runners.standard().run(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

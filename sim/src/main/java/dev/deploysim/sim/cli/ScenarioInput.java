package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.deploysim.sim.platform.PlatformProfile;
import dev.deploysim.sim.scenario.Assignment;
import dev.deploysim.sim.scenario.FlyToml;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioDefaults;
import dev.deploysim.sim.scenario.ScenarioException;
import dev.deploysim.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a command's SCENARIO argument and flags into a resolved scenario, the same way for every
 * command: no argument means the default scenario; a {@code .toml} file is read as a fly.toml
 * ({@code --machines} per group, {@code --strategy} winning over {@code [deploy] strategy});
 * anything else as a scenario file. Then {@code --strategy} (with that strategy's default
 * options, unless the scenario already names it), {@code --seed} and {@code --machines} (every
 * group's {@code started}) are applied as assignments, then each {@code --set} in order, and
 * the result is bound. Errors name the flag or path at fault.
 */
final class ScenarioInput {

    /**
     * A resolved scenario and where it came from.
     *
     * @param scenario the resolved scenario
     * @param flyToml the fly.toml report, or null
     * @param source the file name, or "(default scenario)"
     */
    record Loaded(Scenario scenario, FlyToml.Result flyToml, String source) {
    }

    private ScenarioInput() {
    }

    static boolean isFlyToml(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".toml");
    }

    /**
     * @param file the SCENARIO argument, or null
     * @param strategy {@code --strategy}, or null
     * @param machines {@code --machines}, or null
     * @param seed {@code --seed}, or null
     * @param sets the {@code --set} arguments, in order
     */
    static Loaded load(ScenarioLoader loader, Path file, String strategy, Integer machines, Long seed, List<String> sets) {
        return load(loader, file, strategy, machines, seed, null, sets);
    }

    /**
     * As {@link #load(ScenarioLoader, Path, String, Integer, Long, List)}, with {@code --profile}
     * (or null): the scenario's platform re-based on that profile, its own overrides kept.
     */
    static Loaded load(ScenarioLoader loader, Path file, String strategy, Integer machines, Long seed, String profile,
                       List<String> sets) {
        if (machines != null && machines < 1) {
            throw new ScenarioException("--machines", "must be >= 1, was " + machines);
        }
        JsonNode tree;
        FlyToml.Result report = null;
        String source;
        List<Assignment> assignments = new ArrayList<>();
        if (file == null) {
            tree = loader.toTree(loader.defaults());
            source = "(default scenario)";
        } else if (isFlyToml(file)) {
            report = new FlyToml(loader.catalog()).read(file, machines == null ? ScenarioDefaults.MACHINES : machines, strategy);
            tree = loader.toTree(report.scenario());
            source = file.toString();
        } else {
            source = file.toString();
            tree = ScenarioLoader.parse(ScenarioLoader.readFile(file), source);
        }
        if (strategy != null && report == null) {
            // The scenario's options belong to its own strategy: another strategy starts from its
            // defaults (then --set strategy.options.X=V adjusts them).
            JsonNode given = tree.path("strategy").path("name");
            String current = given.isTextual() ? given.asText() : ScenarioDefaults.STRATEGY;
            if (current.equals(strategy)) {
                assignments.add(Assignment.of("strategy.name", TextNode.valueOf(strategy), "--strategy " + strategy));
            } else {
                ObjectNode choice = JsonNodeFactory.instance.objectNode().put("name", strategy);
                assignments.add(Assignment.of("strategy", choice, "--strategy " + strategy));
            }
        }
        if (seed != null) {
            assignments.add(Assignment.of("seed", LongNode.valueOf(seed), "--seed " + seed));
        }
        if (machines != null && report == null) {
            int groups = groupCount(tree);
            for (int i = 0; i < groups; i++) {
                assignments.add(Assignment.of("app.groups[" + i + "].started", IntNode.valueOf(machines), "--machines " + machines));
            }
        }
        if (profile != null) {
            if (PlatformProfile.byId(profile).isEmpty()) {
                throw new ScenarioException("--profile", "unknown profile '" + profile + "'; known: "
                        + String.join(", ", PlatformProfile.ids()));
            }
            assignments.add(Assignment.of(ScenarioLoader.PROFILE_PATH, TextNode.valueOf(profile), "--profile " + profile));
        }
        for (String s : sets) {
            Assignment a = Assignment.parse(s);
            if (profile != null && a.path().equals(ScenarioLoader.PROFILE_PATH)
                    && !a.value().asText().equals(profile)) {
                throw new ScenarioException("--profile", "--profile " + profile + " conflicts with --set " + s
                        + "; give the profile once");
            }
            assignments.add(a);
        }
        return new Loaded(loader.bind(tree, source, assignments), report, source);
    }

    /** Groups in the tree, or in the default app when the tree leaves them out. */
    private static int groupCount(JsonNode tree) {
        JsonNode groups = tree.path("app").path("groups");
        if (groups.isArray()) {
            return groups.size();
        }
        return ScenarioDefaults.app().groups().size();
    }

    /**
     * For {@code --robust}: the scenario re-based on each named profile but {@code own} (as
     * {@code --profile P} would re-base it; a {@code --set platform.profile=} is dropped), by profile name.
     */
    static java.util.Map<String, Scenario> rebased(ScenarioLoader loader, Path file, String strategy, Integer machines, Long seed,
                                                   List<String> sets, String own) {
        List<String> kept = new ArrayList<>();
        for (String s : sets) {
            if (!Assignment.parse(s).path().equals(ScenarioLoader.PROFILE_PATH)) {
                kept.add(s);
            }
        }
        java.util.Map<String, Scenario> out = new java.util.LinkedHashMap<>();
        for (PlatformProfile p : dev.deploysim.sim.sensitivity.Parameters.RANGE_PROFILES) {
            if (!p.id().equals(own)) {
                out.put(p.id(), load(loader, file, strategy, machines, seed, p.id(), kept).scenario());
            }
        }
        return out;
    }
}

package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.scenario.JsonText;
import dev.deploysim.sim.scenario.RandomScenarios;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.TestStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 malformed scenarios from a seeded generator, each run through {@code deploysim validate}
 * or {@code deploysim run}: every one must exit 2 with exactly one line on stderr that names the
 * path at fault, and no stack trace; the runner is never called.
 */
class MalformedScenariosTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern ANY_PATH_ERROR = Pattern.compile(
            "^deploysim: \\S+: (\\$|[A-Za-z][\\w.\\[\\]]*): (invalid JSON at line \\d+, column \\d+: .+|the file is empty.*)\n$");

    @TempDir
    Path dir;

    /** One malformed input and the path its error must name ({@code null}: any path, checked by pattern). */
    private record Case(String kind, String content, List<String> sets, String expectedPath) {
    }

    /** A node of the base tree and its path as errors print it. */
    private record Located(String path, JsonNode node, String parentPath, String key) {
    }

    private final ScenarioLoader loader = new ScenarioLoader(TestStrategies.typed());
    private final SplittableRandom r = new SplittableRandom(20_261_127L);
    private final List<Scenario> bases = new ArrayList<>();

    @Test
    void thousandMalformedScenariosEachExitTwoWithOneLineNamingThePath() throws IOException {
        RandomScenarios gen = new RandomScenarios(77, TestStrategies.typed());
        bases.add(gen.rich());
        for (int i = 0; i < 24; i++) {
            bases.add(gen.next());
        }
        List<String> kinds = List.of("wrong-type", "unknown-field", "negative-count", "unknown-name", "truncated-json",
                "bad-distribution", "bad-set", "rule-violation");
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        CliHarness cli = CliHarness.wired();
        for (int i = 0; i < 1000; i++) {
            String kind = kinds.get(i % kinds.size());
            Case c = generate(kind);
            counts.merge(kind, 1, Integer::sum);
            Path file = dir.resolve("case-" + i + ".json");
            Files.writeString(file, c.content());
            List<String> args = new ArrayList<>(List.of(i % 2 == 0 ? "validate" : "run", file.toString()));
            for (String s : c.sets()) {
                args.add("--set");
                args.add(s);
            }
            CliHarness.Outcome o = cli.run(args.toArray(String[]::new));
            String describe = "case " + i + " (" + kind + ", expecting " + c.expectedPath() + ", sets " + c.sets() + ")\n"
                    + c.content() + "\n" + o;
            assertThat(o.exit()).as(describe).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(o.out()).as(describe).isEmpty();
            assertThat(o.err()).as(describe).endsWith("\n");
            assertThat(o.errLines()).as(describe).hasSize(1);
            assertThat(o.err()).as(describe).startsWith("deploysim: ")
                    .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
            if (c.expectedPath() == null) {
                assertThat(o.err()).as(describe).matches(ANY_PATH_ERROR);
            } else {
                assertThat(o.err()).as(describe).contains(c.expectedPath() + ": ");
            }
            examples.putIfAbsent(kind, o.err().strip().replace(dir.toString(), "DIR"));
        }
        assertThat(cli.actions.requests).isEmpty();
        System.out.println("malformed scenarios by kind: " + counts);
        examples.forEach((k, line) -> System.out.println("  e.g. " + k + ": " + line));
        assertThat(counts.values()).allMatch(n -> n >= 100);
    }

    private Case generate(String kind) {
        Scenario base = bases.get(r.nextInt(bases.size()));
        ObjectNode tree = loader.toTree(base);
        return switch (kind) {
            case "wrong-type" -> wrongType(tree);
            case "unknown-field" -> unknownField(tree);
            case "negative-count" -> negativeCount(tree);
            case "unknown-name" -> unknownName(tree);
            case "truncated-json" -> truncated(tree);
            case "bad-distribution" -> badDistribution(tree);
            case "bad-set" -> badSet(tree);
            default -> ruleViolation(bases.get(0));
        };
    }

    private static String text(JsonNode tree) {
        return JsonText.print(tree);
    }

    private Case wrongType(ObjectNode tree) {
        List<Located> nodes = walk(tree);
        nodes.removeIf(l -> l.path().equals("$"));
        Located at = nodes.get(r.nextInt(nodes.size()));
        JsonNode replacement;
        if (at.path().startsWith("strategy.options.")) {
            replacement = r.nextBoolean() ? F.arrayNode().add(1) : F.objectNode().put("a", 1);
        } else if (at.node().isTextual()) {
            replacement = pick(F.numberNode(7), F.booleanNode(true), F.arrayNode(), F.objectNode());
        } else if (at.node().isNumber()) {
            replacement = pick(F.textNode("x"), F.booleanNode(true), F.arrayNode().add(1), F.objectNode().put("a", 1));
        } else if (at.node().isBoolean()) {
            replacement = pick(F.textNode("yes"), F.numberNode(1), F.arrayNode(), F.objectNode());
        } else if (at.node().isObject()) {
            replacement = pick(F.arrayNode().add(1), F.booleanNode(true), F.textNode("x"));
        } else {
            replacement = pick(F.objectNode(), F.numberNode(3), F.textNode("x"));
        }
        set(tree, at, replacement);
        return new Case("wrong-type", text(tree), List.of(), at.path());
    }

    private Case unknownField(ObjectNode tree) {
        List<Located> objects = new ArrayList<>();
        for (Located l : walk(tree)) {
            if (l.node().isObject()) {
                objects.add(l);
            }
        }
        Located at = objects.get(r.nextInt(objects.size()));
        String key = pickString("colour", "replicas", "timeout_ms", "zz" + r.nextInt(1000), "Seed", "extra");
        ((ObjectNode) at.node()).put(key, 1);
        String expected = isDistributionRoot(at) ? at.path() : (at.path().equals("$") ? key : at.path() + "." + key);
        return new Case("unknown-field", text(tree), List.of(), expected);
    }

    private Case negativeCount(ObjectNode tree) {
        List<String> candidates = new ArrayList<>();
        for (Located l : walk(tree)) {
            String p = l.path();
            if (p.matches("app\\.groups\\[\\d+]\\.(started|stopped)") || p.equals("platform.proxyRetries")
                    || p.equals("budget.maxEvents") || p.matches("faults\\[\\d+]\\.(attempts|trigger\\.occurrence|target\\.machine)")) {
                candidates.add(p);
            }
        }
        String path = candidates.get(r.nextInt(candidates.size()));
        Located at = find(tree, path);
        set(tree, at, F.numberNode(-1 - r.nextInt(1000)));
        return new Case("negative-count", text(tree), List.of(), path);
    }

    private Case unknownName(ObjectNode tree) {
        ArrayNode faults = (ArrayNode) tree.get("faults");
        if (faults.isEmpty() || r.nextBoolean()) {
            ((ObjectNode) tree.get("strategy")).put("name", pickString("blue", "blue-green", "Rolling", "surge", "k8s-" + r.nextInt(99)));
            return new Case("unknown-name", text(tree), List.of(), "strategy.name");
        }
        int i = r.nextInt(faults.size());
        ((ObjectNode) faults.get(i)).put("type", pickString("meteor", "crash", "machine_crash", "network-" + r.nextInt(9)));
        return new Case("unknown-name", text(tree), List.of(), "faults[" + i + "].type");
    }

    private Case truncated(ObjectNode tree) {
        String full = text(tree);
        int cut = r.nextInt(full.lastIndexOf('}'));
        return new Case("truncated-json", full.substring(0, cut), List.of(), null);
    }

    private Case badDistribution(ObjectNode tree) {
        List<Located> roots = new ArrayList<>();
        for (Located l : walk(tree)) {
            if (isDistributionRoot(l)) {
                roots.add(l);
            }
        }
        Located at = roots.get(r.nextInt(roots.size()));
        String p = at.path();
        String[][] bad = {
            {"{\"uniform\": [5, 1]}", p + ".uniform[1]"},
            {"{\"uniform\": [1]}", p + ".uniform"},
            {"{\"uniform\": [-1, 2]}", p + ".uniform[0]"},
            {"{\"constant\": -1}", p + ".constant"},
            {"{\"exponential\": \"x\"}", p + ".exponential"},
            {"{\"lognormal\": {\"median\": 0, \"sigma\": 1}}", p + ".lognormal.median"},
            {"{\"lognormal\": {\"sigma\": 1}}", p + ".lognormal.median"},
            {"{\"lognormal\": {\"median\": 1, \"sigma\": 1, \"shape\": 2}}", p + ".lognormal.shape"},
            {"{\"mixture\": []}", p + ".mixture"},
            {"{\"mixture\": [{\"weight\": 0, \"constant\": 1}]}", p + ".mixture[0].weight"},
            {"{\"mixture\": [{\"weight\": 1}]}", p + ".mixture[0]"},
            {"{\"mixture\": [{\"weight\": 1, \"constant\": 1, \"uniform\": [1, 2]}]}", p + ".mixture[0]"},
            {"{\"gamma\": [1, 2]}", p + ".gamma"},
            {"{\"uniform\": [1, 2], \"constant\": 1}", p},
            {"\"fast\"", p},
            {"-3", p},
            {"{}", p},
        };
        String[] choice = bad[r.nextInt(bad.length)];
        set(tree, at, ScenarioLoader.parse(choice[0], "bad"));
        return new Case("bad-distribution", text(tree), List.of(), choice[1]);
    }

    private Case badSet(ObjectNode tree) {
        int groups = tree.get("app").get("groups").size();
        int faults = tree.get("faults").size();
        String[][] bad = {
            {"app.name.x=1", "app.name"},
            {"app.groups[" + (groups + 1) + "].started=1", "app.groups[" + (groups + 1) + "]"},
            {"app..x=1", "--set app..x=1"},
            {"noequals", "--set noequals"},
            {"platform.nope=1", "platform.nope"},
            {"app.groups[0].started=\"three\"", "app.groups[0].started"},
            {"seed[0]=1", "seed"},
            {"strategy.name=blue", "strategy.name"},
            {"app.groups[x]=1", "--set app.groups[x]=1"},
            {"budget.maxEvents=0", "budget.maxEvents"},
            {"faults[" + faults + "].type=meteor", "faults[" + faults + "].type"},
            {"platform.bootSeconds={\"uniform\": [3, 1]}", "platform.bootSeconds.uniform[1]"},
            {"probes.ratePerSecond=0", "probes.ratePerSecond"},
            {"strategy.options.maxUnavailable=[1]", "strategy.options.maxUnavailable"},
            {"app.gr@ups=1", "--set app.gr@ups=1"},
            {"app.groups[0]=7", "app.groups[0]"},
            {"=3", "--set =3"},
        };
        String[] choice = bad[r.nextInt(bad.length)];
        List<String> sets = new ArrayList<>();
        if (r.nextBoolean()) {
            sets.add("seed=" + r.nextInt(100));
        }
        sets.add(choice[0]);
        return new Case("bad-set", text(tree), sets, choice[1]);
    }

    /** Violations of the rules beyond types, on the rich base (two groups, a top-level check, every fault kind). */
    private Case ruleViolation(Scenario rich) {
        ObjectNode tree = loader.toTree(rich);
        ObjectNode web = (ObjectNode) tree.get("app").get("groups").get(0);
        ArrayNode faults = (ArrayNode) tree.get("faults");
        int f = r.nextInt(faults.size());
        ObjectNode fault = (ObjectNode) faults.get(f);
        String fp = "faults[" + f + "]";
        switch (r.nextInt(11)) {
            case 0 -> {
                ((ObjectNode) tree.get("probes")).put("slowThresholdSeconds", 99);
                return new Case("rule-violation", text(tree), List.of(), "probes.slowThresholdSeconds");
            }
            case 1 -> {
                web.put("killTimeoutSeconds", 301 + r.nextInt(1000));
                return new Case("rule-violation", text(tree), List.of(), "app.groups[0].killTimeoutSeconds");
            }
            case 2 -> {
                ((ObjectNode) web.get("checks").get(1)).put("intervalSeconds", r.nextDouble() * 1.99);
                return new Case("rule-violation", text(tree), List.of(), "app.groups[0].checks[1].intervalSeconds");
            }
            case 3 -> {
                tree.put("schemaVersion", 3 + r.nextInt(5));
                return new Case("rule-violation", text(tree), List.of(), "schemaVersion");
            }
            case 4 -> {
                ((ObjectNode) tree.get("app").get("groups").get(1)).put("name", "web");
                return new Case("rule-violation", text(tree), List.of(), "app.groups[1].name");
            }
            case 5 -> {
                if (fault.has("atSeconds")) {
                    fault.putObject("trigger").put("step", "any");
                } else {
                    fault.put("atSeconds", 1);
                }
                return new Case("rule-violation", text(tree), List.of(), fp + ".trigger");
            }
            case 6 -> {
                fault.remove("atSeconds");
                fault.remove("trigger");
                return new Case("rule-violation", text(tree), List.of(), fp + ".atSeconds");
            }
            case 7 -> {
                // faults[1] is boot-failure on group "worker"
                ((ObjectNode) faults.get(1).get("target")).put("group", "api");
                return new Case("rule-violation", text(tree), List.of(), "faults[1].target.group");
            }
            case 8 -> {
                // faults[4] is api-errors
                ((ObjectNode) faults.get(4)).put("rate", 1 + r.nextDouble() + 0.001);
                return new Case("rule-violation", text(tree), List.of(), "faults[4].rate");
            }
            case 9 -> {
                // faults[6] is lease-held, which only targets machines
                ((ObjectNode) faults.get(6)).put("target", "app");
                return new Case("rule-violation", text(tree), List.of(), "faults[6].target");
            }
            default -> {
                ((ObjectNode) web.get("checks").get(0)).put("type", "grpc");
                return new Case("rule-violation", text(tree), List.of(), "app.groups[0].checks[0].type");
            }
        }
    }

    private static boolean isDistributionRoot(Located l) {
        return l.node().isObject() && ("platform".equals(l.parentPath())
                || (l.parentPath() != null && l.parentPath().matches("faults\\[\\d+]")
                    && ("extraSeconds".equals(l.key()) || "propagationSeconds".equals(l.key()))));
    }

    private static List<Located> walk(JsonNode root) {
        List<Located> out = new ArrayList<>();
        walk(root, "$", null, null, out);
        return out;
    }

    private static void walk(JsonNode n, String path, String parent, String key, List<Located> out) {
        out.add(new Located(path, n, parent, key));
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path.equals("$") ? e.getKey() : path + "." + e.getKey(), path, e.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "[" + i + "]", path, null, out);
            }
        }
    }

    private static Located find(JsonNode root, String path) {
        for (Located l : walk(root)) {
            if (l.path().equals(path)) {
                return l;
            }
        }
        throw new IllegalArgumentException(path);
    }

    /** Replaces the node at {@code at} in {@code root}. */
    private static void set(ObjectNode root, Located at, JsonNode value) {
        JsonNode parent = find(root, at.parentPath()).node();
        if (parent instanceof ObjectNode o) {
            o.set(at.key(), value);
        } else {
            String p = at.path();
            int index = Integer.parseInt(p.substring(p.lastIndexOf('[') + 1, p.length() - 1));
            ((ArrayNode) parent).set(index, value);
        }
    }

    private JsonNode pick(JsonNode... options) {
        return options[r.nextInt(options.length)];
    }

    private String pickString(String... options) {
        return options[r.nextInt(options.length)];
    }
}

package dev.deploysim.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.sim.scenario.JsonText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deploysim strategies}: what each registered strategy is, takes and promises. Option
 * defaults are shown exactly as a scenario file writes them ({@code "waitTimeout": "5m"}), so they
 * can be copied into one.
 *
 * <p>{@code from} (JSON: {@code origin}) says where a strategy came from: {@code built-in}, or the
 * jar or class folder {@code --classpath} loaded it from.
 *
 * <p>JSON: {@code {"strategies": [{name, source, origin, options [{name, type, default, description}],
 * guarantees [{invariant, conditions [{key, op, value}], why}]}]}}.
 */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = {
            "List the registered strategies: where each comes from, its options with their defaults, "
                + "and the invariants it promises (with the conditions under which it promises them)."
        })
final class StrategiesCommand implements Callable<Integer> {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the list as JSON on stdout.")
    boolean json;

    StrategiesCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (cli.strategies().isEmpty()) {
            // A names-only catalog: nothing but the names is known.
            if (json) {
                ObjectNode root = F.objectNode();
                ArrayNode list = root.putArray("strategies");
                cli.allStrategyNames().forEach(n -> list.addObject().put("name", n));
                o.print(JsonText.print(root));
            } else {
                cli.allStrategyNames().forEach(o::println);
            }
            o.flush();
            return ExitCodes.OK;
        }
        List<ObjectNode> entries = new ArrayList<>();
        for (Strategy s : cli.strategies()) {
            entries.add(describe(s));
        }
        if (json) {
            ObjectNode root = F.objectNode();
            ArrayNode list = root.putArray("strategies");
            entries.forEach(list::add);
            o.print(JsonText.print(root));
        } else {
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    o.println();
                }
                text(o, entries.get(i));
            }
        }
        o.flush();
        return ExitCodes.OK;
    }

    private ObjectNode describe(Strategy s) {
        // The defaults as a scenario file spells them: resolve no options and read the echo back.
        JsonNode defaults = cli.loader().toTree(cli.loader().defaults()
                .withStrategy(cli.catalog().resolve("strategy", s.name(), new TreeMap<>()))).path("strategy").path("options");
        ObjectNode e = F.objectNode();
        e.put("name", s.name());
        e.put("source", s.source());
        e.put("origin", cli.origin(s.name()));
        ArrayNode options = e.putArray("options");
        for (OptionSpec spec : s.options()) {
            ObjectNode opt = options.addObject();
            opt.put("name", spec.name());
            opt.put("type", spec.type().name().toLowerCase(Locale.ROOT));
            opt.set("default", defaults.path(spec.name()).deepCopy());
            opt.put("description", spec.description());
        }
        ArrayNode promises = e.putArray("guarantees");
        for (Guarantee g : s.guarantees()) {
            ObjectNode p = promises.addObject();
            p.put("invariant", g.invariant());
            ArrayNode conditions = p.putArray("conditions");
            for (Guarantee.Condition c : g.conditions()) {
                conditions.addObject().put("key", c.key()).put("op", c.op()).put("value", c.value());
            }
            p.put("why", g.why());
        }
        return e;
    }

    private static void text(PrintWriter o, JsonNode e) {
        o.println(e.get("name").asText());
        o.println("  source: " + e.get("source").asText());
        o.println("  from: " + e.get("origin").asText());
        JsonNode options = e.get("options");
        if (options.isEmpty()) {
            o.println("  options: none");
        } else {
            o.println("  options:");
            int width = 0;
            for (JsonNode opt : options) {
                width = Math.max(width, (opt.get("name").asText() + " = " + opt.get("default")).length());
            }
            for (JsonNode opt : options) {
                String head = opt.get("name").asText() + " = " + opt.get("default");
                o.println("    " + head + " ".repeat(width - head.length()) + "  " + opt.get("type").asText() + ": "
                        + opt.get("description").asText());
            }
        }
        JsonNode guarantees = e.get("guarantees");
        if (guarantees.isEmpty()) {
            o.println("  promises: nothing");
        } else {
            o.println("  promises:");
            for (JsonNode g : guarantees) {
                List<String> conditions = new ArrayList<>();
                for (JsonNode c : g.get("conditions")) {
                    conditions.add(c.get("key").asText() + " " + c.get("op").asText() + " " + c.get("value").asText());
                }
                o.println("    " + g.get("invariant").asText() + (conditions.isEmpty() ? ", always" : " when " + String.join(", ", conditions)));
                o.println("      " + g.get("why").asText());
            }
        }
    }
}

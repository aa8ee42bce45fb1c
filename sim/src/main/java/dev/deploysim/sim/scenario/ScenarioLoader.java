package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads scenario files: strict JSON (with {@code //} and block comments allowed, duplicate fields
 * and trailing content refused) → the JSON tree → {@code --set} assignments → a bound, fully
 * resolved {@link Scenario}. Also renders a scenario back ({@link #echo(Scenario)}): loading that
 * text gives an equal scenario. Every input problem is a {@link ScenarioException} naming the path.
 */
public final class ScenarioLoader {
    /** The mapper every scenario and {@code --set} value is parsed with. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final StrategyCatalog catalog;
    private final ScenarioReader reader;

    /** The scenario path of the platform profile; assigning it re-bases the platform ({@link ProfileRebase}). */
    public static final String PROFILE_PATH = "platform.profile";

    public ScenarioLoader(StrategyCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.reader = new ScenarioReader(catalog);
    }

    public StrategyCatalog catalog() {
        return catalog;
    }

    /** The fully default scenario. */
    public Scenario defaults() {
        return ScenarioDefaults.scenario(catalog);
    }

    /**
     * Loads {@code file}, applies {@code assignments} ({@code path=value} strings, in order) and binds.
     *
     * @throws ScenarioException for any problem with the file, its content or an assignment; the
     *     exception's source names the file or the assignment
     */
    public Scenario load(Path file, List<String> assignments) {
        String name = file.toString();
        return fromTree(parse(readFile(file), name), name, assignments);
    }

    /** Like {@link #load} for JSON text; {@code sourceName} names it in errors. */
    public Scenario fromJson(String json, String sourceName, List<String> assignments) {
        return fromTree(parse(json, sourceName), sourceName, assignments);
    }

    /**
     * Applies {@code assignments} to (a copy of) {@code tree} and binds it.
     *
     * @param sourceName names the tree's origin in errors about its content
     */
    public Scenario fromTree(JsonNode tree, String sourceName, List<String> assignments) {
        List<Assignment> parsed = new ArrayList<>();
        for (String a : assignments) {
            parsed.add(Assignment.parse(a));
        }
        return bind(tree, sourceName, parsed);
    }

    /**
     * Applies parsed {@code assignments} to (a copy of) {@code tree}, in order, and binds it. An
     * error about a path an assignment set is attributed to that assignment.
     */
    public Scenario bind(JsonNode tree, String sourceName, List<Assignment> parsed) {
        JsonNode working = tree.deepCopy();
        if (!parsed.isEmpty()) {
            if (!(working instanceof ObjectNode root)) {
                throw new ScenarioException(JsonIn.ROOT, "expected an object {...}, was " + JsonIn.describe(working))
                        .withSource(sourceName);
            }
            JsonNode defaults = toTree(defaults());
            for (Assignment a : parsed) {
                try {
                    if (a.path().equals(PROFILE_PATH)) {
                        ProfileRebase.dropProfileValues(root);
                    }
                    a.applyTo(root, defaults);
                } catch (ScenarioException e) {
                    throw e.withSource(label(a));
                }
            }
        }
        try {
            return reader.read(working);
        } catch (ScenarioException e) {
            Assignment touched = touchedBy(parsed, e.path());
            throw e.withSource(touched != null ? label(touched) : sourceName);
        }
    }

    /**
     * The assignment that set {@code errorPath}, something inside it, or something it contains:
     * the last one wins. Other errors belong to the file.
     */
    private static Assignment touchedBy(List<Assignment> parsed, String errorPath) {
        Assignment found = null;
        for (Assignment a : parsed) {
            String p = a.path();
            if (errorPath.equals(p) || errorPath.startsWith(p + ".") || errorPath.startsWith(p + "[")
                    || p.startsWith(errorPath + ".") || p.startsWith(errorPath + "[")) {
                found = a;
            }
        }
        return found;
    }

    /** How errors name an assignment: {@code --set path=value}, or a flag's own text. */
    private static String label(Assignment a) {
        return a.text().startsWith("--") ? a.text() : "--set " + a.text();
    }

    /** The canonical JSON tree of {@code scenario}. */
    public ObjectNode toTree(Scenario scenario) {
        return ScenarioWriter.write(scenario);
    }

    /** The canonical JSON text of {@code scenario}: every field, defaults filled in; it loads back equal. */
    public String echo(Scenario scenario) {
        return JsonText.print(toTree(scenario));
    }

    /**
     * Parses JSON text strictly.
     *
     * @throws ScenarioException naming where in the document parsing stopped, with line and column
     */
    public static JsonNode parse(String json, String sourceName) {
        if (json.isBlank()) {
            throw new ScenarioException(JsonIn.ROOT, "the file is empty; a scenario is a JSON object, e.g. {\"seed\": 1}")
                    .withSource(sourceName);
        }
        try (JsonParser p = MAPPER.createParser(json)) {
            JsonNode n = MAPPER.readTree(p);
            if (n == null || n.isMissingNode()) {
                throw new ScenarioException(JsonIn.ROOT, "the file holds no JSON value; a scenario is a JSON object")
                        .withSource(sourceName);
            }
            return n;
        } catch (JsonProcessingException e) {
            Object proc = e.getProcessor();
            throw syntaxError(e, proc instanceof JsonParser jp ? jp : null).withSource(sourceName);
        } catch (IOException e) {
            throw new ScenarioException(JsonIn.ROOT, "cannot read: " + e.getMessage()).withSource(sourceName);
        }
    }

    private static ScenarioException syntaxError(JsonProcessingException e, JsonParser parser) {
        String path = parser == null ? JsonIn.ROOT : pathOf(parser.getParsingContext());
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new ScenarioException(path, "invalid JSON" + where + ": " + describe(e));
    }

    private static String describe(JsonProcessingException e) {
        String raw = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String m = raw.toLowerCase(Locale.ROOT);
        if (m.contains("end-of-input") || m.contains("end of input")) {
            return "the text ends early; the file is truncated or a closing bracket or quote is missing";
        }
        if (m.startsWith("duplicate field")) {
            return raw.replace("Duplicate field", "duplicate field") + "; each field may appear once";
        }
        if (m.contains("trailing token")) {
            return "unexpected content after the end of the JSON value";
        }
        if (m.startsWith("non-standard token")) {
            // Jackson's own advice here is to enable one of its features: not the reader's fix
            return raw.replaceFirst("(?s)^Non-standard token '([^']*)'.*", "$1") + " is not a number in JSON; give a finite number";
        }
        if (m.contains("plus sign")) {
            return "JSON numbers take no leading plus sign; remove the '+'";
        }
        String first = raw.lines().findFirst().orElse("syntax error");
        first = first.replaceFirst(":? ?\\(?enable `[A-Za-z_.]+`[^)]*\\)?.*$", "");
        int src = first.indexOf(" (start marker at");
        if (src >= 0) {
            first = first.substring(0, src);
        }
        if (e instanceof JsonParseException && first.length() > 160) {
            first = first.substring(0, 157) + "...";
        }
        return first;
    }

    private static String pathOf(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, "." + c.getCurrentName());
            }
        }
        String s = String.join("", parts);
        if (s.isEmpty()) {
            return JsonIn.ROOT;
        }
        return s.startsWith(".") ? s.substring(1) : s;
    }

    /**
     * Reads a whole input file as UTF-8, refusing malformed bytes.
     *
     * @throws ScenarioException naming the file when it is missing, a directory, unreadable or not UTF-8
     */
    public static String readFile(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString()
                    // a byte-order mark some editors write at the start is not content
                    .replaceFirst("^\uFEFF", "");
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file.toString(), "no such file");
        } catch (CharacterCodingException e) {
            throw new ScenarioException(file.toString(), "not UTF-8 text");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (Files.isDirectory(file)) {
                why = "is a directory, not a file";
            }
            throw new ScenarioException(file.toString(), "cannot read: " + why);
        }
    }
}

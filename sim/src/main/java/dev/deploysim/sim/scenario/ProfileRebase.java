package dev.deploysim.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploysim.sim.platform.PlatformProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Re-bases a scenario tree's platform on another profile ({@code --profile}, or an assignment to
 * {@code platform.profile}): the fields equal to the tree's own profile's values are that
 * profile's, not choices of the scenario, so they are dropped and the new profile fills them in;
 * the fields that differ stay, as overrides. A resolved echo (every field written out) thus runs
 * under another profile with exactly its own overrides kept.
 */
final class ProfileRebase {
    /** Numbers compare by value ({@code 1} equals {@code 1.0}); everything else structurally. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private ProfileRebase() {
    }

    /** Drops from {@code root.platform} every field equal to its current profile's value. */
    static void dropProfileValues(ObjectNode root) {
        if (!(root.get("platform") instanceof ObjectNode platform)) {
            return;
        }
        JsonNode v = root.path("schemaVersion");
        int version = v.canConvertToInt() ? v.intValue() : Scenario.SCHEMA_VERSION;
        JsonNode named = platform.path("profile");
        Optional<PlatformProfile> from = named.isTextual() ? PlatformProfile.byId(named.asText())
                : Optional.of(ScenarioDefaults.profile(version));
        if (from.isEmpty()) {
            return; // an unknown name: the reader reports it
        }
        ObjectNode base = ScenarioReader.PLATFORM.write(from.get().config());
        List<String> names = new ArrayList<>();
        platform.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode mine = platform.get(name);
            JsonNode theirs = base.get(name);
            if (!name.equals("profile") && theirs != null && mine.equals(BY_VALUE, theirs)) {
                platform.remove(name);
            }
        }
    }
}

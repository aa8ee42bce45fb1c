package dev.deploysim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of bad input gives one error naming the JSON path and the fix. */
class ScenarioErrorsTest {
    private final ScenarioLoader loader = new ScenarioLoader(TestStrategies.typed());

    private ScenarioException error(String json, String... sets) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> loader.fromJson(json, "s.json", List.of(sets)));
        assertThat(e).as("expected an error for %s %s", json, List.of(sets)).isNotNull();
        assertThat(e.oneLineMessage()).doesNotContain("\n");
        return e;
    }

    @Test
    void negativeMachineCountNamesTheGroupField() {
        ScenarioException e = error("{\"app\": {\"groups\": [{\"name\": \"web\", \"started\": -1}]}}");
        assertThat(e.oneLineMessage()).isEqualTo("s.json: app.groups[0].started: must be >= 0, was -1");
    }

    @Test
    void unknownStrategyListsTheKnownOnes() {
        ScenarioException e = error("{\"strategy\": {\"name\": \"foo\"}}");
        assertThat(e.getMessage()).isEqualTo("strategy.name: unknown strategy 'foo'; known: bluegreen, canary, immediate, rolling");
    }

    @Test
    void unknownFieldIsRejectedWithASuggestionAndTheKnownFields() {
        ScenarioException e = error("{\"app\": {\"nmae\": \"x\"}}");
        assertThat(e.getMessage()).isEqualTo("app.nmae: unknown field (did you mean 'name'?); known: name, currentImage, newImage, "
                + "primaryRegion, groups");
        assertThat(error("{\"sed\": 3}").getMessage()).startsWith("sed: unknown field (did you mean 'seed'?)");
    }

    @Test
    void wrongTypesSayWhatWasExpectedAndFound() {
        assertThat(error("{\"seed\": \"abc\"}").getMessage()).isEqualTo("seed: expected a whole number, was the string \"abc\"");
        assertThat(error("{\"seed\": 1.5}").getMessage()).isEqualTo("seed: expected a whole number, was 1.5");
        assertThat(error("{\"app\": []}").getMessage()).isEqualTo("app: expected an object {...}, was a list");
        assertThat(error("{\"app\": {\"groups\": [{\"hasServices\": \"yes\"}]}}").getMessage())
                .isEqualTo("app.groups[0].hasServices: expected true or false, was the string \"yes\"");
        assertThat(error("{\"faults\": {}}").getMessage()).isEqualTo("faults: expected a list [...], was an object");
        assertThat(error("[]").getMessage()).isEqualTo("$: expected an object {...}, was a list");
        assertThat(error("{\"app\": {\"name\": null}}").getMessage())
                .isEqualTo("app.name: must not be null; remove the field to use its default");
    }

    @Test
    void strategyOptionsAreCheckedByTheStrategysDeclarations() {
        assertThat(error("{\"strategy\": {\"name\": \"rolling\", \"options\": {\"maxUnavailabel\": 1}}}").getMessage())
                .isEqualTo("strategy.options.maxUnavailabel: unknown option; known: maxUnavailable, waitTimeout");
        assertThat(error("{\"strategy\": {\"options\": {\"maxUnavailable\": \"half\"}}}").getMessage())
                .isEqualTo("strategy.options.maxUnavailable: expected a number, was 'half'");
        assertThat(error("{\"strategy\": {\"options\": {\"maxUnavailable\": 0}}}").getMessage())
                .isEqualTo("strategy.options.maxUnavailable: must be > 0, was 0.0");
        assertThat(error("{\"strategy\": {\"options\": {\"waitTimeout\": [1]}}}").getMessage())
                .isEqualTo("strategy.options.waitTimeout: expected a number, string or boolean, was a list");
        assertThat(error("{\"strategy\": {\"name\": \"immediate\", \"options\": {\"maxUnavailable\": 0.5}}}").getMessage())
                .isEqualTo("strategy.options.maxUnavailable: unknown option; the immediate strategy takes no options");
    }

    @Test
    void recordValidationIsAttributedToTheField() {
        assertThat(error("{\"platform\": {\"proxyHoldTimeoutSeconds\": -1}}").getMessage())
                .isEqualTo("platform.proxyHoldTimeoutSeconds: must be >= 0, was -1.0");
        assertThat(error("{\"platform\": {\"proxyRetryBackoffSeconds\": 1, \"proxyRetryMaxBackoffSeconds\": 0.5}}")
                .getMessage()).isEqualTo("platform.proxyRetryMaxBackoffSeconds: must be >= proxyRetryBackoffSeconds (1.0), was 0.5");
        assertThat(error("{\"platform\": {\"profile\": \"fly-2025\"}}").getMessage())
                .isEqualTo("platform.profile: unknown profile 'fly-2025'; known: fly, fly-2024, adverse, ideal, constant");
        assertThat(error("{\"platform\": {\"proxyRetries\": -2}}").getMessage())
                .isEqualTo("platform.proxyRetries: must be >= 0, was -2");
        assertThat(error("{\"probes\": {\"timeoutSeconds\": 2, \"slowThresholdSeconds\": 3}}").getMessage())
                .isEqualTo("probes.slowThresholdSeconds: must be in (0, timeoutSeconds], was 3.0 with timeoutSeconds 2.0; "
                        + "lower slowThresholdSeconds or raise timeoutSeconds");
        assertThat(error("{\"platform\": {\"warpSpeed\": 9}}").getMessage()).startsWith("platform.warpSpeed: unknown field; known: profile, bootSeconds, ");
    }

    @Test
    void badDistributionsNameTheInnerPath() {
        assertThat(error("{\"platform\": {\"bootSeconds\": {\"uniform\": [2, 1]}}}").getMessage())
                .isEqualTo("platform.bootSeconds.uniform[1]: max must be >= min (2), was 1");
        assertThat(error("{\"platform\": {\"bootSeconds\": {\"gamma\": 2}}}").getMessage())
                .isEqualTo("platform.bootSeconds.gamma: unknown field; known: constant, uniform, exponential, lognormal, mixture");
        assertThat(error("{\"platform\": {\"bootSeconds\": {\"constant\": -1}}}").getMessage())
                .isEqualTo("platform.bootSeconds.constant: must be >= 0, was -1");
        assertThat(error("{\"platform\": {\"bootSeconds\": {\"lognormal\": {\"sigma\": 1}}}}").getMessage())
                .isEqualTo("platform.bootSeconds.lognormal.median: missing; the median in seconds, > 0");
        assertThat(error("{\"platform\": {\"bootSeconds\": {\"mixture\": [{\"weight\": 0, \"constant\": 1}]}}}").getMessage())
                .isEqualTo("platform.bootSeconds.mixture[0].weight: must be > 0, was 0");
        assertThat(error("{\"platform\": {\"bootSeconds\": {\"mixture\": []}}}").getMessage())
                .startsWith("platform.bootSeconds.mixture: a mixture needs at least one component");
        assertThat(error("{\"platform\": {\"bootSeconds\": \"fast\"}}").getMessage())
                .startsWith("platform.bootSeconds: expected a distribution such as {\"constant\": 1}");
        assertThat(error("{\"platform\": {\"bootSeconds\": {\"constant\": 1, \"uniform\": [1, 2]}}}").getMessage())
                .startsWith("platform.bootSeconds: a distribution is an object with exactly one of");
    }

    @Test
    void bareNumberIsAConstantDistribution() {
        Scenario s = loader.fromJson("{\"platform\": {\"bootSeconds\": 1.5}}", "x", List.of());
        assertThat(s.platform().bootSeconds()).isEqualTo(new dev.deploysim.sim.random.Distribution.Constant(1.5));
    }

    @Test
    void appRulesAreEnforced() {
        assertThat(error("{\"app\": {\"groups\": []}}").getMessage()).isEqualTo("app.groups: an app needs at least one process group");
        assertThat(error("{\"app\": {\"groups\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}}").getMessage())
                .isEqualTo("app.groups[1].name: duplicate process group 'a'; group names must be unique");
        assertThat(error("{\"app\": {\"groups\": [{\"killTimeoutSeconds\": 301}]}}").getMessage())
                .isEqualTo("app.groups[0].killTimeoutSeconds: must be <= 300, was 301");
        assertThat(error("{\"app\": {\"groups\": [{\"hasServices\": false, \"checks\": [{\"name\": \"c\", \"type\": \"tcp\"}]}]}}")
                .getMessage()).startsWith("app.groups[0].checks[0].serviceCheck: a group without services has no service checks");
        assertThat(error("{\"app\": {\"groups\": [{\"checks\": [{\"name\": \"c\", \"type\": \"grpc\"}]}]}}").getMessage())
                .isEqualTo("app.groups[0].checks[0].type: unknown check type 'grpc'; known: tcp, http");
        assertThat(error("{\"app\": {\"groups\": [{\"checks\": [{\"type\": \"tcp\"}]}]}}").getMessage())
                .isEqualTo("app.groups[0].checks[0].name: missing; give the check a name, unique within its group");
    }

    @Test
    void topLevelChecksFollowFlyctlsBounds() {
        String check = "{\"app\": {\"groups\": [{\"checks\": [{\"name\": \"c\", \"type\": \"http\", \"serviceCheck\": false, %s}]}]}}";
        assertThat(error(String.format(check, "\"intervalSeconds\": 1")).getMessage())
                .isEqualTo("app.groups[0].checks[0].intervalSeconds: must be >= 2 for a top-level check (flyctl's rule), was 1");
        assertThat(error(String.format(check, "\"timeoutSeconds\": 61")).getMessage())
                .isEqualTo("app.groups[0].checks[0].timeoutSeconds: must be <= 60 for a top-level check (flyctl's rule), was 61");
        // the same values on a service check are fine
        loader.fromJson("{\"app\": {\"groups\": [{\"checks\": [{\"name\": \"c\", \"type\": \"http\", \"intervalSeconds\": 1, "
                + "\"timeoutSeconds\": 61}]}]}}", "x", List.of());
    }

    @Test
    void faultsAreValidatedAgainstTheApp() {
        String app = "\"app\": {\"groups\": [{\"name\": \"web\", \"started\": 2}]}";
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"meteor\", \"atSeconds\": 1}]}").getMessage())
                .startsWith("faults[0].type: unknown fault type 'meteor'; known: machine-crash, boot-failure, ");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"machine-crash\", \"target\": {\"group\": \"api\"}, \"atSeconds\": 1}]}")
                .getMessage()).isEqualTo("faults[0].target.group: the app has no process group 'api'; its groups: web");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"lease-held\", \"target\": {\"group\": \"web\", \"machine\": 2}, "
                + "\"atSeconds\": 1}]}").getMessage())
                .isEqualTo("faults[0].target.machine: must be a machine index of group 'web', 0 to 1, was 2");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"lease-held\", \"target\": \"app\", \"atSeconds\": 1}]}").getMessage())
                .startsWith("faults[0].target: lease-held cannot target the app; lease-held targets: machine");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"abort\"}]}").getMessage())
                .startsWith("faults[0].atSeconds: missing; set atSeconds (seconds after the deploy starts) or trigger");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"abort\", \"atSeconds\": 1, \"trigger\": {\"step\": \"any\"}}]}")
                .getMessage()).isEqualTo("faults[0].trigger: a fault has either atSeconds or trigger, not both; remove one");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"api-errors\", \"target\": \"app\", \"atSeconds\": 1, \"rate\": 1.5}]}").getMessage())
                .isEqualTo("faults[0].rate: must be <= 1, was 1.5");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"api-errors\", \"target\": \"app\", \"atSeconds\": 1, \"operations\": [\"updte\"]}]}")
                .getMessage()).startsWith("faults[0].operations[0]: unknown operation 'updte' (did you mean 'update'?)");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"capacity-exhausted\", \"target\": {\"region\": \"syd\"}, "
                + "\"atSeconds\": 1}]}").getMessage()).isEqualTo("faults[0].target.region: the app has no region 'syd'; its regions: iad");
        assertThat(error("{" + app + ", \"faults\": [{\"type\": \"abort\", \"atSeconds\": 1, \"attempts\": 2}]}").getMessage())
                .isEqualTo("faults[0].attempts: unknown field; known: type, target, atSeconds, trigger");
    }

    @Test
    void schemaVersionsOtherThanOneAndTwoAreRefused() {
        assertThat(error("{\"schemaVersion\": 3}").getMessage())
                .isEqualTo("schemaVersion: unsupported version 3; this deploysim reads versions 1 and 2");
        assertThat(error("{\"schemaVersion\": 0}").getMessage())
                .isEqualTo("schemaVersion: unsupported version 0; this deploysim reads versions 1 and 2");
    }

    @Test
    void syntaxErrorsNameWhereParsingStopped() {
        assertThat(error("{\"app\": {\"groups\": [{\"name\": \"web\",").getMessage())
                .startsWith("app.groups[0].name: invalid JSON at line 1, column ")
                .endsWith("the text ends early; the file is truncated or a closing bracket or quote is missing");
        assertThat(error("{\"seed\": 1, \"seed\": 2}").getMessage())
                .startsWith("seed: invalid JSON at line 1, column ").contains("duplicate field 'seed'");
        assertThat(error("{\"seed\": 1} {}").getMessage()).startsWith("$: invalid JSON").endsWith("unexpected content after the end of the JSON value");
        assertThat(error("  ").getMessage()).startsWith("$: the file is empty");
        assertThat(error("{seed: 1}").getMessage()).startsWith("$: invalid JSON at line 1, column 2: ");
    }

    @Test
    void commentsAreAllowed() {
        assertThat(loader.fromJson("// a comment\n{\"seed\": 5 /* inline */}", "x", List.of()).seed()).isEqualTo(5);
    }
}

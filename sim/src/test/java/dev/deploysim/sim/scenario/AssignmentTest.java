package dev.deploysim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploysim.sim.random.Distribution;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --set path=value} edits the JSON tree before binding, with the same path-naming errors. */
class AssignmentTest {
    private final ScenarioLoader loader = new ScenarioLoader(TestStrategies.typed());

    private Scenario load(String json, String... sets) {
        return loader.fromJson(json, "s.json", List.of(sets));
    }

    private ScenarioException error(String json, String... sets) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> load(json, sets));
        assertThat(e).as("expected an error for %s", List.of(sets)).isNotNull();
        return e;
    }

    @Test
    void setsScalarsAndStrategyOptionsOnAnEmptyScenario() {
        Scenario s = load("{}", "platform.proxyHoldTimeoutSeconds=3", "app.groups[0].started=3",
                "strategy.options.maxUnavailable=0.5", "seed=-7", "strategy.name=canary");
        assertThat(s.platform().proxyHoldTimeoutSeconds()).isEqualTo(3.0);
        // the default group was materialised and edited: its other fields keep their defaults
        assertThat(s.app().groups()).hasSize(1);
        assertThat(s.app().groups().get(0).started()).isEqualTo(3);
        assertThat(s.app().groups().get(0).checks()).isEqualTo(ScenarioDefaults.group().checks());
        assertThat(s.strategy().name()).isEqualTo("canary");
        assertThat(s.strategy().options()).containsEntry("maxUnavailable", 0.5);
        assertThat(s.seed()).isEqualTo(-7);
    }

    @Test
    void valuesParseAsJsonWhenTheyCanElseAsStrings() {
        Scenario s = load("{}", "platform.bootSeconds={\"uniform\": [1, 5]}", "app.name=my-app", "app.primaryRegion=\"123\"",
                "strategy.options.waitTimeout=90s");
        assertThat(s.platform().bootSeconds()).isEqualTo(new Distribution.Uniform(1, 5));
        assertThat(s.app().name()).isEqualTo("my-app");
        assertThat(s.app().primaryRegion()).isEqualTo("123");
        assertThat(s.strategy().options()).containsEntry("waitTimeout", Duration.ofSeconds(90));
    }

    @Test
    void laterAssignmentsWinAndIndexEqualToSizeAppends() {
        Scenario s = load("{\"seed\": 1}", "seed=2", "seed=3",
                "faults[0]={\"type\": \"abort\", \"atSeconds\": 5}", "faults[1].type=abort", "faults[1].atSeconds=6");
        assertThat(s.seed()).isEqualTo(3);
        assertThat(s.faults()).containsExactly(new Fault.Abort(FaultTarget.app(), new FaultTime.At(5)),
                new Fault.Abort(FaultTarget.app(), new FaultTime.At(6)));
    }

    @Test
    void editsAGroupTheFileLists() {
        Scenario s = load("{\"app\": {\"groups\": [{\"name\": \"web\"}, {\"name\": \"worker\", \"hasServices\": false}]}}",
                "app.groups[1].started=4");
        assertThat(s.app().groups().get(1).started()).isEqualTo(4);
        assertThat(s.app().groups().get(1).checks()).isEmpty();
        assertThat(s.app().groups().get(0).started()).isEqualTo(ScenarioDefaults.MACHINES);
    }

    @Test
    void pathErrorsNameThePathAndTheAssignment() {
        assertThat(error("{\"app\": {\"name\": \"a\"}}", "app.name.x=1").oneLineMessage())
                .isEqualTo("--set app.name.x=1: app.name: is the string \"a\", not an object; cannot set 'x' inside it");
        assertThat(error("{}", "app.name.x=1").oneLineMessage())
                .isEqualTo("--set app.name.x=1: app.name: holds the string \"app\" (its default), not an object; cannot set 'x' inside it");
        assertThat(error("{}", "seed.x[0]=1").oneLineMessage())
                .isEqualTo("--set seed.x[0]=1: seed: holds the number 1 (its default), not an object; cannot set 'x' inside it");
        assertThat(error("{}", "app.groups[3].started=1").oneLineMessage())
                .isEqualTo("--set app.groups[3].started=1: app.groups[3]: no such entry: app.groups has 1 entry (index 1 appends one)");
        assertThat(error("{\"seed\": 1}", "seed[0]=1").oneLineMessage())
                .isEqualTo("--set seed[0]=1: seed: is the number 1, not a list; cannot take [0] of it");
        assertThat(error("{}", "seed[0]=1").oneLineMessage())
                .isEqualTo("--set seed[0]=1: seed: holds the number 1 (its default), not a list; cannot set [0] inside it");
        assertThat(error("{}", "app..x=1").oneLineMessage())
                .isEqualTo("--set app..x=1: expected a field name at position 5 of 'app..x'");
        assertThat(error("{}", "seed").oneLineMessage())
                .isEqualTo("--set seed: expected path=value, e.g. --set platform.proxyHoldTimeoutSeconds=3");
        assertThat(error("{}", "app.groups[x]=1").oneLineMessage())
                .isEqualTo("--set app.groups[x]=1: a list index is a number from 0, e.g. groups[0]; was [x]");
        assertThat(error("{}", "=1").oneLineMessage()).isEqualTo("--set =1: the path is empty; e.g. --set seed=7");
    }

    @Test
    void bindingErrorsCausedByAnAssignmentNameIt() {
        assertThat(error("{}", "platform.nope=1").oneLineMessage()).startsWith("--set platform.nope=1: platform.nope: unknown field");
        assertThat(error("{}", "app.groups[0].started=three").oneLineMessage())
                .isEqualTo("--set app.groups[0].started=three: app.groups[0].started: expected a whole number, was the string \"three\"");
        assertThat(error("{}", "strategy.name=blue").oneLineMessage())
                .isEqualTo("--set strategy.name=blue: strategy.name: unknown strategy 'blue'; known: bluegreen, canary, immediate, rolling");
        // an error elsewhere in the file still names the file
        assertThat(error("{\"seed\": \"x\"}", "app.name=a").oneLineMessage()).startsWith("s.json: seed: ");
    }

    @Test
    void pathsRoundTripThroughTheirText() {
        Assignment a = Assignment.parse("app.groups[0].checks[12].intervalSeconds=3");
        assertThat(a.path()).isEqualTo("app.groups[0].checks[12].intervalSeconds");
        assertThat(a.steps()).containsExactly(new Assignment.Field("app"), new Assignment.Field("groups"), new Assignment.Index(0),
                new Assignment.Field("checks"), new Assignment.Index(12), new Assignment.Field("intervalSeconds"));
    }
}

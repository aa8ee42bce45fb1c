package dev.deploysim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.PlatformProfile;
import dev.deploysim.sim.random.Distribution;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Profiles in scenario files: the default, explicit fields as overrides, re-basing, and version 1 files. */
class PlatformProfileScenarioTest {
    private final ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.flyctlNames());

    private Scenario load(String json, String... sets) {
        return loader.fromJson(json, "test.json", List.of(sets));
    }

    @Test
    void aScenarioWithoutAPlatformRunsOnTheCalibratedFlyProfileAndTheFlyLaunchAppWithoutChecks() {
        Scenario s = load("{}");
        assertThat(s.platform()).isEqualTo(PlatformProfile.FLY.config());
        assertThat(s.platform().overrides()).isEmpty();
        assertThat(s.app().groups().get(0).checks()).isEmpty();
    }

    @Test
    void fieldsSetOverAProfileAreItsOverridesAndTheRestIsTheProfiles() {
        Scenario s = load("{\"platform\": {\"profile\": \"fly-2024\", \"proxyRetries\": 2}}");
        PlatformConfig base = PlatformProfile.FLY_2024.config();
        assertThat(s.platform()).isEqualTo(base.withProxyRetries(2));
        assertThat(s.platform().overrides()).containsExactly("proxyRetries");
        assertThat(s.platform().describe()).isEqualTo("fly-2024 + proxyRetries");
    }

    @Test
    void reBasingAResolvedEchoOnAnotherProfileKeepsOnlyItsOwnOverrides() {
        Scenario tuned = load("{\"platform\": {\"propagationSeconds\": 4}}");
        String echo = loader.echo(tuned); // every field written out, profile fly
        Scenario ideal = load(echo, "platform.profile=\"ideal\"");
        assertThat(ideal.platform().profile()).isEqualTo("ideal");
        assertThat(ideal.platform().overrides()).containsExactly("propagationSeconds");
        assertThat(ideal.platform().propagationSeconds()).isEqualTo(new Distribution.Constant(4));
        assertThat(ideal.platform().bootSeconds()).isEqualTo(PlatformProfile.IDEAL.config().bootSeconds());
    }

    @Test
    void numbersWrittenAsIntegersStillMatchTheProfilesValues() {
        Scenario s = load("{\"platform\": {\"proxyRetries\": 39, \"proxyHoldTimeoutSeconds\": 7.5,"
                + " \"apiLatencySeconds\": {\"uniform\": [0.05, 0.3]}}}", "platform.profile=\"adverse\"");
        assertThat(s.platform()).isEqualTo(PlatformProfile.ADVERSE.config());
    }

    @Test
    void aVersionOneFileLoadsAsItWasWrittenOnTheAdverseDefaultsWithTheTcpCheck() {
        Scenario s = load("{\"schemaVersion\": 1, \"platform\": {\"proxyRetries\": 3}}");
        assertThat(s.schemaVersion()).isEqualTo(Scenario.SCHEMA_VERSION);
        assertThat(s.platform()).isEqualTo(PlatformProfile.ADVERSE.config().withProxyRetries(3));
        assertThat(s.app().groups().get(0).checks())
                .containsExactly(CheckDefinition.tcpService("servicecheck-00-tcp-8080"));
        // and its echo is a version 2 file that loads back equal
        assertThat(load(loader.echo(s))).isEqualTo(s);
    }

    @Test
    void anUnknownProfileNamesTheFieldAndTheKnownOnes() {
        assertThatThrownBy(() -> load("{\"platform\": {\"profile\": \"heroku\"}}"))
                .hasMessage("platform.profile: unknown profile 'heroku'; known: fly, fly-2024, adverse, ideal, constant");
    }
}

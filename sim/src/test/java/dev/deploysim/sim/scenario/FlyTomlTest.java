package dev.deploysim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.platform.AppSpec;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fly.toml files map to the scenario flyctl would deploy; expectations checked by hand against the files. */
class FlyTomlTest {
    private final FlyToml names = new FlyToml(StrategyCatalog.flyctlNames());
    private final FlyToml typed = new FlyToml(TestStrategies.typed());

    static Path resource(String name) {
        try {
            return Path.of(FlyTomlTest.class.getResource("/flytoml/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void modernHttpServiceWithBluegreen() {
        FlyToml.Result r = names.read(resource("web-http-service.toml"), 3, null);
        AppSpec app = r.scenario().app();
        assertThat(app.name()).isEqualTo("shiny-bird-4821");
        assertThat(app.primaryRegion()).isEqualTo("ams");
        assertThat(app.groups()).containsExactly(new AppSpec.Group("app", 3, 0, "ams", true,
                List.of(new CheckDefinition("servicecheck-00-http-3000", "http", true, s(10), s(30), s(5))), s(5), true));
        assertThat(r.scenario().strategy().name()).isEqualTo("bluegreen");
        // a names-only catalog keeps the option as the text a reload of the echo reads
        assertThat(r.scenario().strategy().options()).containsExactly(java.util.Map.entry("waitTimeout", "10m"));
        assertThat(typed.read(resource("web-http-service.toml"), 3, null).scenario().strategy().options())
                .containsExactly(java.util.Map.entry("waitTimeout", Duration.ofMinutes(10)));
        assertThat(r.defaulted()).contains("kill_timeout not set: 5s (the platform's default)",
                "processes not set: one process group 'app'");
        assertThat(r.ignored()).anyMatch(l -> l.startsWith("http_service.auto_stop_machines: autostop"))
                .anyMatch(l -> l.startsWith("http_service.checks[0].path: "))
                .anyMatch(l -> l.startsWith("build: "))
                .anyMatch(l -> l.startsWith("vm: "));
        // the rest is the default scenario
        Scenario d = ScenarioDefaults.scenario(StrategyCatalog.flyctlNames());
        assertThat(r.scenario().platform()).isEqualTo(d.platform());
        assertThat(r.scenario().probes()).isEqualTo(d.probes());
        assertThat(r.scenario().faults()).isEmpty();
    }

    @Test
    void legacyServicesWithMillisecondIntervalsAndIntegerKillTimeout() {
        FlyToml.Result r = names.read(resource("legacy-services.toml"), 2, null);
        AppSpec app = r.scenario().app();
        assertThat(app.name()).isEqualTo("litefs-notes");
        // tcp checks before http checks within the service; integer interval/timeout are milliseconds
        assertThat(app.groups()).containsExactly(new AppSpec.Group("app", 2, 0, "sjc", true, List.of(
                new CheckDefinition("servicecheck-00-tcp-8080", "tcp", true, s(1), s(15), s(2)),
                new CheckDefinition("servicecheck-01-http-8080", "http", true, s(5), s(10), s(2))), s(5), true));
        assertThat(r.scenario().strategy()).isEqualTo(new StrategyChoice("rolling",
                new java.util.TreeMap<>(java.util.Map.of("maxUnavailable", 0.5))));
        assertThat(r.ignored()).anyMatch(l -> l.startsWith("mounts: volumes are not modelled"))
                .anyMatch(l -> l.startsWith("deploy.release_command: "))
                .anyMatch(l -> l.startsWith("services[0].concurrency: "))
                .anyMatch(l -> l.startsWith("services[0].http_checks[0].headers: "))
                .anyMatch(l -> l.startsWith("kill_signal: "));
        assertThat(r.used()).contains("kill_timeout = 5 -> killTimeoutSeconds 5 in every group");
    }

    @Test
    void processGroupsGetTheirOwnServicesAndTopLevelChecks() {
        FlyToml.Result r = typed.read(resource("multi-process.toml"), 1, null);
        AppSpec app = r.scenario().app();
        assertThat(app.groups()).containsExactly(
                new AppSpec.Group("web", 1, 0, "fra", true, List.of(
                        new CheckDefinition("servicecheck-00-http-8080", "http", true, s(5), s(15), s(2)),
                        new CheckDefinition("web_db", "http", false, s(1), s(20), s(3))), s(60), true),
                new AppSpec.Group("worker", 1, 0, "fra", false, List.of(
                        new CheckDefinition("worker_alive", "tcp", false, s(20), s(30), s(5))), s(60), true));
        // the typed catalog fills canary's other option default
        assertThat(r.scenario().strategy().options()).containsEntry("maxUnavailable", 2.0)
                .containsEntry("waitTimeout", Duration.ofMinutes(5));
        assertThat(r.defaulted()).contains("checks.web_db.grace_period not set: 1s");
    }

    @Test
    void commandLineStrategyWinsOverDeploySection() {
        FlyToml.Result r = typed.read(resource("web-http-service.toml"), 1, "rolling");
        assertThat(r.scenario().strategy().name()).isEqualTo("rolling");
        assertThat(r.ignored()).anyMatch(l -> l.startsWith("deploy.strategy = \"bluegreen\": --strategy rolling wins"));
    }

    @Test
    void maxUnavailableIsIgnoredForAStrategyWithoutIt() {
        FlyToml.Result r = typed.parse("[deploy]\nstrategy = \"bluegreen\"\nmax_unavailable = 0.5\n", 1, null);
        assertThat(r.scenario().strategy().options()).doesNotContainKey("maxUnavailable");
        assertThat(r.ignored()).contains("deploy.max_unavailable: the bluegreen strategy takes no maxUnavailable (flyctl ignores it too)");
    }

    @Test
    void emptyFileIsTheDefaultAppUnderFlyctlsDefaults() {
        FlyToml.Result r = names.parse("", 2, null);
        Scenario d = ScenarioDefaults.scenario(StrategyCatalog.flyctlNames());
        // no services and no checks: fly.toml declares none
        assertThat(r.scenario().app().groups()).containsExactly(new AppSpec.Group("app", 2, 0, "iad", false, List.of(), s(5), true));
        assertThat(r.scenario().strategy()).isEqualTo(d.strategy());
    }

    private ScenarioException error(FlyToml reader, String toml) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> reader.parse(toml, 2, null));
        assertThat(e).as("expected an error for:\n%s", toml).isNotNull();
        return e;
    }

    @Test
    void invalidValuesNameTheFlyTomlKey() {
        assertThat(error(names, "[deploy]\nstrategy = \"blue\"\n").getMessage())
                .isEqualTo("deploy.strategy: unknown strategy 'blue'; known: bluegreen, canary, immediate, rolling");
        assertThat(error(names, "[deploy]\nmax_unavailable = 0\n").getMessage()).isEqualTo("deploy.max_unavailable: must be > 0, was 0");
        assertThat(error(names, "[deploy]\nmax_unavailable = \"half\"\n").getMessage())
                .isEqualTo("deploy.max_unavailable: expected a number, was the string \"half\"");
        assertThat(error(names, "[deploy]\nwait_timeout = \"5 minutes\"\n").getMessage())
                .startsWith("deploy.wait_timeout: expected a duration such as \"15s\", \"500ms\" or \"1m0s\", was \"5 minutes\"");
        assertThat(error(names, "[checks.x]\ntype = \"tcp\"\ninterval = \"1s\"\n").getMessage())
                .isEqualTo("checks.x.interval: must be >= 2s for a top-level check (flyctl's rule), was 1s");
        assertThat(error(names, "[checks.x]\ntype = \"tcp\"\ntimeout = \"61s\"\n").getMessage())
                .isEqualTo("checks.x.timeout: must be <= 60s for a top-level check (flyctl's rule), was 1m1s");
        assertThat(error(names, "[checks.x]\ninterval = \"15s\"\n").getMessage())
                .isEqualTo("checks.x.type: missing; a top-level check's type must be tcp or http (flyctl's rule)");
        assertThat(error(names, "kill_timeout = \"10m\"\n").getMessage())
                .isEqualTo("kill_timeout: must be <= 300s (the platform's maximum), was 10m0s");
        assertThat(error(names, "[http_service]\nprocesses = [\"web\"]\n").getMessage())
                .isEqualTo("http_service.processes[0]: no process group 'web'; groups: app (define it under [processes])");
        assertThat(error(names, "[[services]]\n[[services.tcp_checks]]\ninterval = \"0s\"\n").getMessage())
                .isEqualTo("services[0].tcp_checks[0].interval: must be > 0, was 0s");
    }

    @Test
    void integerGracePeriodIsRefusedAndHttpServiceTcpChecksAreNotFlyctlKeys() {
        assertThat(error(names, "[[services]]\n[[services.tcp_checks]]\ngrace_period = 5\n").getMessage())
                .isEqualTo("services[0].tcp_checks[0].grace_period: expected a duration string such as \"15s\" or \"1m0s\", was the number 5");
        FlyToml.Result r = names.parse("[http_service]\ninternal_port = 80\n[[http_service.tcp_checks]]\ninterval = \"5s\"\n", 1, null);
        assertThat(r.scenario().app().groups().get(0).checks()).isEmpty();
        assertThat(r.ignored()).contains("http_service.tcp_checks: flyctl reads no such key under [http_service]; "
                + "its checks are [[http_service.checks]]");
    }

    @Test
    void canaryRefusesMounts() {
        assertThat(error(names, "[deploy]\nstrategy = \"canary\"\n[mounts]\nsource = \"data\"\ndestination = \"/data\"\n").getMessage())
                .isEqualTo("mounts: the canary strategy cannot be used with [mounts] (flyctl refuses it); use rolling, or remove the mounts");
    }

    @Test
    void syntaxErrorsAndBadMachineCountsAreInputErrors() {
        assertThat(error(names, "app = \"x\"\n[deploy\n").getMessage()).startsWith("$: invalid TOML at line 2");
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> names.parse("", 0, null));
        assertThat(e.getMessage()).isEqualTo("--machines: must be >= 1, was 0");
    }

    @Test
    void fileErrorsNameTheFile() {
        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> names.read(resource("invalid-top-level-check.toml"), 2, null));
        assertThat(e.oneLineMessage()).endsWith("invalid-top-level-check.toml: checks.fast.interval: must be >= 2s for a top-level check "
                + "(flyctl's rule), was 1s");
        ScenarioException missing = catchThrowableOfType(ScenarioException.class, () -> names.read(Path.of("no/such/fly.toml"), 2, null));
        assertThat(missing.oneLineMessage()).isEqualTo("no/such/fly.toml: no such file");
    }

    @Test
    void resultRoundTripsAsAScenario() {
        for (StrategyCatalog catalog : List.of(TestStrategies.typed(), StrategyCatalog.flyctlNames())) {
            ScenarioLoader loader = new ScenarioLoader(catalog);
            for (String f : List.of("web-http-service.toml", "legacy-services.toml", "multi-process.toml")) {
                Scenario s = new FlyToml(catalog).read(resource(f), 3, null).scenario();
                assertThat(loader.fromJson(loader.echo(s), f, List.of())).isEqualTo(s);
            }
        }
    }
}

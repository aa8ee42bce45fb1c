package dev.deploysim.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** fly.toml durations follow Go's time.ParseDuration. */
class GoDurationTest {
    @Test
    void parsesGoDurationSyntax() {
        assertThat(GoDuration.parse("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(GoDuration.parse("1m0s")).isEqualTo(Duration.ofMinutes(1));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(GoDuration.parse("10us")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void refusesWhatGoRefusesAndNegatives() {
        assertThatThrownBy(() -> GoDuration.parse("15")).hasMessageContaining("missing unit");
        assertThatThrownBy(() -> GoDuration.parse("15 s")).hasMessageContaining("unknown unit ' s'");
        assertThatThrownBy(() -> GoDuration.parse("-1s")).hasMessage("negative");
        assertThatThrownBy(() -> GoDuration.parse("s")).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> GoDuration.parse("5d")).hasMessageContaining("unknown unit 'd'");
    }

    @Test
    void formatsAsGoPrintsDurations() {
        assertThat(GoDuration.format(Duration.ofMinutes(1))).isEqualTo("1m0s");
        assertThat(GoDuration.format(Duration.ofSeconds(15))).isEqualTo("15s");
        assertThat(GoDuration.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(GoDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m0s");
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }
}

package dev.deploysim.sim.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.sim.observe.Observation.ProbeOutcome;
import dev.deploysim.sim.observe.Observation.ProbeResult;
import dev.deploysim.sim.observe.Observation.ProxyViewChanged;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeStatsTest {

    @Test
    void countsEachOutcomeAndTakesNearestRankPercentiles() {
        List<Observation> log = List.of(
                new ProbeResult(10, 0, ProbeOutcome.OK, 10, "a", 1, ""),
                new ProxyViewChanged(15, "a", false, 0),
                new ProbeResult(40, 10, ProbeOutcome.OK, 30, "a", 1, ""),
                new ProbeResult(60, 20, ProbeOutcome.SLOW, 40, "a", 1, ""),
                new ProbeResult(130, 30, ProbeOutcome.FAILED, 100, "", 3, "refused"));
        ProbeStats s = ProbeStats.of(log);
        assertThat(s).isEqualTo(new ProbeStats(4, 2, 1, 1, 30, 100, 100));
        assertThat(s.failedRate()).isEqualTo(0.25);
        assertThat(ProbeStats.of(log, 10, 30)).isEqualTo(new ProbeStats(2, 1, 1, 0, 30, 40, 40));
        assertThat(ProbeStats.of(List.of())).isEqualTo(new ProbeStats(0, 0, 0, 0, 0, 0, 0));
        assertThat(ProbeStats.of(List.of()).failedRate()).isZero();
    }

    @Test
    void sentMustEqualOkPlusSlowPlusFailed() {
        assertThatThrownBy(() -> new ProbeStats(3, 1, 1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

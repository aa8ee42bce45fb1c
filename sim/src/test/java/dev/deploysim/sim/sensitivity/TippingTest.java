package dev.deploysim.sim.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TippingTest {

    @Test
    void bisectionBracketsAKnownStepWithinATenthOfAPercent() {
        Parameter p = Parameters.named("propagationSeconds", "x");
        Tipping t = Tipping.findWhere(p, Verdict.SOME_ZERO_SERVING, v -> v > 1.1);
        assertThat(t.flips()).isTrue();
        assertThat(t.below()).isLessThanOrEqualTo(1.1);
        assertThat(t.above()).isGreaterThan(1.1);
        assertThat(t.above() / t.below()).isLessThanOrEqualTo(1.001);
        assertThat(t.sentence()).startsWith("some run has zero serving once propagationSeconds (its median) exceeds 1.1 s [");
    }

    @Test
    void aVerdictThatHoldsAtBothEndsHasNoTippingPoint() {
        Tipping t = Tipping.findWhere(Parameters.named("bootSeconds", "x"), Verdict.SOME_ZERO_SERVING, v -> true);
        assertThat(t.flips()).isFalse();
        assertThat(t.steps()).hasSize(2);
        assertThat(t.sentence()).contains("yes at both ends").contains("no tipping point");
    }

    @Test
    void aCountIsBisectedToAdjacentWholeNumbers() {
        Tipping t = Tipping.findWhere(Parameters.named("proxyRetries", "x"), Verdict.SOME_ZERO_SERVING, v -> v < 40);
        assertThat(t.below()).isEqualTo(39);
        assertThat(t.above()).isEqualTo(40);
    }

    @Test
    void verdictsParseAndNameTheOption() {
        Verdict v = Verdict.parse("min-serving<2", "--verdict");
        assertThat(v.metric()).isEqualTo(Metric.MIN_SERVING);
        assertThat(v.above()).isFalse();
        assertThat(Verdict.parse("zero-serving-runs>0", "--verdict")).isEqualTo(Verdict.SOME_ZERO_SERVING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Verdict.parse("nope>1", "--verdict"))
                .hasMessageContaining("--verdict").hasMessageContaining("unknown metric 'nope'");
    }
}

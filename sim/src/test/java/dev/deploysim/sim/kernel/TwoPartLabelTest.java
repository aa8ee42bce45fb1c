package dev.deploysim.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A label given in two parts is, for every purpose, the joined label (the oracle: one-part scheduling). */
class TwoPartLabelTest {

    @Test
    void twoPartLabelsFireAndHashExactlyLikeTheJoinedLabel() {
        SplittableRandom r = new SplittableRandom(5);
        String[] prefixes = {"proxy attempt ", "lease expiry ", "", "boot ", "\u00e9t\u00e9 "};
        Kernel joined = new Kernel();
        Kernel parts = new Kernel();
        for (int i = 0; i < 2000; i++) {
            String prefix = prefixes[r.nextInt(prefixes.length)];
            String hex = Long.toHexString(r.nextLong());
            String subject = hex.substring(0, 1 + r.nextInt(hex.length())) + (r.nextInt(9) == 0 ? "\u65e5" : "");
            long at = r.nextLong(0, 1_000_000);
            Event a = joined.schedule(at, prefix + subject, () -> { });
            Event b = parts.schedule(at, prefix, subject, () -> { });
            assertThat(b.label()).isEqualTo(a.label());
            assertThat(b.labelHash()).isEqualTo(a.label().hashCode());
        }
        joined.runUntilQuiescent();
        parts.runUntilQuiescent();
        assertThat(parts.traceHash()).isEqualTo(joined.traceHash());
        assertThat(parts.eventsExecuted()).isEqualTo(2000);
    }
}

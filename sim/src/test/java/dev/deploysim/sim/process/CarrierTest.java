package dev.deploysim.sim.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deploysim.sim.kernel.Kernel;
import dev.deploysim.sim.kernel.Outcome;
import dev.deploysim.sim.kernel.RunResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which thread carries a kernel's processes: the thread that runs the kernel where the JVM
 * opens {@code java.lang} (the build's test JVM does, as the CLI jar's manifest does), the
 * JDK's shared scheduler otherwise, and the runs are the same runs either way.
 */
class CarrierTest {

    @Test
    void theBuildsTestJvmLetsEachKernelCarryItsOwnProcesses() {
        // Before JDK 24 a process blocking inside synchronized would pin the only carrier: shared scheduler there.
        assumeTrue(Runtime.version().feature() >= 24, "own carriers need JDK 24+");
        // Fails when Surefire's argLine loses the --add-opens the launcher and JMH forks pass too.
        assertThat(Kernel.ownCarrierAvailable()).as("--add-opens java.base/java.lang=ALL-UNNAMED in effect").isTrue();
        assertThat(new Kernel().ownCarrier()).isTrue();
        assertThat(Kernel.onSharedScheduler().ownCarrier()).isFalse();
    }

    @Test
    void processesRunMountedOnTheThreadThatRunsTheKernel() throws InterruptedException {
        assumeTrue(Kernel.ownCarrierAvailable(), "own carriers unavailable in this JVM");
        List<String> seen = new ArrayList<>();
        Thread driver = Thread.ofPlatform().name("the-driver").unstarted(() -> {
            Kernel kernel = new Kernel();
            Processes ps = new Processes(kernel);
            for (int i = 0; i < 3; i++) {
                ps.spawn("p" + i, () -> {
                    for (int k = 0; k < 4; k++) {
                        // A mounted virtual thread names its carrier: "VirtualThread[#n,name]/runnable@carrier".
                        seen.add(Thread.currentThread().isVirtual() + " " + Thread.currentThread());
                        ps.sleepNanos(1 + k);
                    }
                    return null;
                });
            }
            RunResult r = kernel.run(Long.MAX_VALUE, 10_000);
            ps.shutdown();
            assertThat(r.outcome()).isEqualTo(Outcome.QUIESCENT);
        });
        driver.start();
        driver.join();
        assertThat(seen).hasSize(12).allSatisfy(s -> assertThat(s).startsWith("true ").endsWith("@the-driver"));
    }

    @Test
    void ownCarrierSharedSchedulerAndVirtualDriverGiveTheSameTrace() throws InterruptedException {
        RandomWorkload.Result own = RandomWorkload.run(new Kernel(), 7, 3_000);
        RandomWorkload.Result shared = RandomWorkload.run(Kernel.onSharedScheduler(), 7, 3_000);
        RandomWorkload.Result[] fromVirtual = new RandomWorkload.Result[1];
        // A virtual thread cannot carry others: the kernel drives such a run from a platform thread.
        Thread v = Thread.ofVirtual().start(() -> fromVirtual[0] = RandomWorkload.run(new Kernel(), 7, 3_000));
        v.join();
        for (RandomWorkload.Result r : List.of(own, shared, fromVirtual[0])) {
            assertThat(r.run().outcome()).as(r.run().detail()).isEqualTo(Outcome.QUIESCENT);
            assertThat(r.liveAfterShutdown()).isZero();
        }
        assertThat(shared.traceHash()).isEqualTo(own.traceHash());
        assertThat(shared.outcomeHash()).isEqualTo(own.outcomeHash());
        assertThat(fromVirtual[0].traceHash()).isEqualTo(own.traceHash());
        assertThat(fromVirtual[0].run()).isEqualTo(own.run());
    }

    @Test
    void processesThatBlockInsideSynchronizedDoNotStallTheirCarrier() {
        // Ported strategies guard shared state with synchronized (flyctl's mutexes); a process
        // that sleeps while holding a monitor must unmount, not block the kernel's one carrier.
        Kernel kernel = new Kernel();
        Processes ps = new Processes(kernel);
        Object[] locks = {new Object(), new Object(), new Object()};
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            ps.spawn("locker" + n, () -> {
                for (int k = 0; k < 3; k++) {
                    synchronized (locks[n]) {
                        ps.sleepNanos(10 + n);
                        order.add(n + "@" + kernel.nowNanos());
                    }
                }
                return null;
            });
        }
        RunResult r = kernel.run(Long.MAX_VALUE, 10_000);
        ps.shutdown();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.QUIESCENT);
        assertThat(order).containsExactly("0@10", "1@11", "2@12", "0@20", "1@22", "2@24", "0@30", "1@33", "2@36");
    }
}

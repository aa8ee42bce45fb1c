package dev.deploysim.sim.process;

import dev.deploysim.sim.kernel.Kernel;

/**
 * The {@link TasksContractTest} on kernels whose processes run on the JDK's shared
 * virtual-thread scheduler: the fallback every kernel uses where the JVM does not open
 * {@code java.lang} must keep the whole contract.
 */
class SharedSchedulerTasksContractTest extends SimTasksContractTest {

    @Override
    Kernel newKernel() {
        return Kernel.onSharedScheduler();
    }
}

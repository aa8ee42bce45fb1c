package com.example.deploy;

import dev.deploysim.sim.testing.DeploySim;
import dev.deploysim.sim.testing.TestRun;
import org.junit.jupiter.api.Test;

/** replace-first against deploysim's simulated platform. */
class ReplaceFirstStrategyTest {

    @Test
    void keepsItsPromisesOverGeneratedAppsOptionsFaultsAndTimings() {
        // 2,000 generated scenarios; on a failure: the shrunk scenario, result.json and report.html
        // under target/deploysim/, and the ./deploysim replay command in the message
        DeploySim.explore(new ReplaceFirstStrategy()).tries(2000).seed(1).assertPromisesHold();
    }

    @Test
    void aOneMachineAppKeepsServingThroughTheDeploy() {
        TestRun run = DeploySim.run(new ReplaceFirstStrategy()).machines(1).seed(1).execute();
        DeploySim.assertThat(run).succeeded().holds("never-zero-serving");
    }
}

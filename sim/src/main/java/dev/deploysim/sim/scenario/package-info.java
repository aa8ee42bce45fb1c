/**
 * Scenario files: the input side of a run. A {@link dev.deploysim.sim.scenario.Scenario} is the
 * app before the deploy, the strategy and its options, the platform's and prober's knobs, a list
 * of typed faults and a budget; {@link dev.deploysim.sim.scenario.ScenarioLoader} binds it from
 * strict JSON (unknown fields rejected, every error a {@link dev.deploysim.sim.scenario.ScenarioException}
 * naming the JSON path and the fix), applies {@code --set path=value} overrides to the JSON tree
 * before binding, and echoes a resolved scenario as canonical JSON that loads back equal;
 * {@link dev.deploysim.sim.scenario.FlyToml} reads a fly.toml instead. Defaults live in
 * {@link dev.deploysim.sim.scenario.ScenarioDefaults} and the records it names, and
 * {@code docs/scenario-reference.json} documents every field against them.
 */
package dev.deploysim.sim.scenario;

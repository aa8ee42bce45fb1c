package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.sensitivity.SensitivitySlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensitivity --shard I/N} and {@code sensitivity --merge} through {@link Main#execute}: the
 * oracle is the unsharded run of the same tornado, which a merge must reproduce byte for byte
 * (text, sensitivity.json, sensitivity.csv, report.html, and --json); every set of slices that is
 * not one whole sweep, run by one build, is refused with one line and exit 2.
 */
class SensitivityShardTest {
    private static final String TCP_CHECK = "app.groups[0].checks=[{\"name\":\"servicecheck-00-tcp-8080\",\"type\":\"tcp\"}]";

    @TempDir
    Path dir;

    /**
     * A small tornado with every kind of point: two distributions, a switch and a strategy option,
     * two of whose points (the switch on, waitTimeout 5m) are the baseline's own values, planned once.
     */
    private static final List<String> SWEEP = List.of("sensitivity", "--strategy", "canary-serving", "--machines", "1",
            "--seeds", "4", "--points", "3", "--set", TCP_CHECK, "--params", "propagationSeconds,appReadySeconds,pullBeforeStop",
            "--vary", "strategy.options.waitTimeout=30s..5m", "--metric", "zero-serving-mean");

    private static String[] args(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static CliHarness.Outcome ok(CliHarness.Outcome o) {
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.err()).as(o.toString()).isEmpty();
        return o;
    }

    private static void assertOneLineError(CliHarness.Outcome o, String... fragments) {
        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.errLines()).as(o.toString()).hasSize(1);
        assertThat(o.out()).as(o.toString()).isEmpty();
        assertThat(o.err()).doesNotContain("\tat ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(o.err()).as(o.toString()).contains(f);
        }
    }

    private static SensitivitySlice slice(Path file) {
        return SensitivitySlice.parse(ScenarioLoader.readFile(file), file.toString());
    }

    private Path shards(CliHarness cli, List<String> sweep, int n, String name) {
        Path slices = dir.resolve(name);
        for (int i = 1; i <= n; i++) {
            ok(cli.run(args(sweep, "--shard", i + "/" + n, "--out", slices.toString())));
        }
        return slices;
    }

    @Test
    void mergedShardsGiveTheUnshardedTornadoByteForByte() throws IOException {
        CliHarness cli = CliHarness.asShipped();
        Path whole = dir.resolve("whole");
        CliHarness.Outcome unsharded = ok(cli.run(args(SWEEP, "--out", whole.toString())));
        assertThat(unsharded.out()).contains("\npropagationSeconds ").contains("\nwaitTimeout ").contains("\npullBeforeStop ");

        for (int n : List.of(1, 2, 3)) {
            Path slices = dir.resolve("slices-" + n); // all shards of one N share a directory
            for (int i = 1; i <= n; i++) {
                CliHarness.Outcome shard = ok(cli.run(args(SWEEP, "--shard", i + "/" + n, "--out", slices.toString())));
                // baseline + 3 + 3 + 2 + 3 points, of which the switch's "on" end and waitTimeout's 5m are the baseline's own
                // values: 10 distinct points, 40 runs
                assertThat(shard.out()).startsWith("deploysim sensitivity: shard " + i + "/" + n + " of 10 points x 4 seeds = 40 runs, "
                        + "canary-serving at 1 machine, 4 seeds (1..4) per point, platform fly, on (default scenario): ").contains("\nslice written to "
                        + slices.resolve("shard-" + i + "-of-" + n + ".json") + " (sweep fingerprint ");
            }
            // Each slice holds exactly the runs dealt to it: run p (point by point, seed by seed) goes to shard p mod n + 1.
            for (int i = 1; i <= n; i++) {
                SensitivitySlice s = slice(slices.resolve("shard-" + i + "-of-" + n + ".json"));
                List<Long> held = new ArrayList<>();
                for (int r = 0; r < s.size(); r++) {
                    held.add(s.indexOf(r));
                }
                List<Long> dealt = new ArrayList<>();
                for (long p = i - 1; p < 40; p += n) {
                    dealt.add(p);
                }
                assertThat(held).as("shard %d/%d", i, n).containsExactlyElementsOf(dealt);
            }
            Path merged = dir.resolve("merged-" + n);
            CliHarness.Outcome merge = ok(cli.run("sensitivity", "--merge", slices.toString(), "--out", merged.toString()));
            assertThat(merge.out()).as("N = %d", n).isEqualTo(unsharded.out().replace(whole.toString(), merged.toString()));
            for (String name : List.of("sensitivity.json", "sensitivity.csv", "report.html")) {
                assertThat(Files.readAllBytes(merged.resolve(name))).as("%s, N = %d", name, n)
                        .isEqualTo(Files.readAllBytes(whole.resolve(name)));
            }
        }
        // Slice files one by one in reverse order, and --json: the unsharded sensitivity.json (and --json) on stdout.
        Path s3 = dir.resolve("slices-3");
        CliHarness.Outcome json = ok(cli.run("sensitivity", "--merge", s3.resolve("shard-3-of-3.json").toString(),
                s3.resolve("shard-2-of-3.json").toString(), s3.resolve("shard-1-of-3.json").toString(), "--json"));
        assertThat(json.out()).isEqualTo(Files.readString(whole.resolve("sensitivity.json")))
                .isEqualTo(ok(cli.run(args(SWEEP, "--json"))).out());
    }

    @Test
    void slicesThatAreNotOneWholeSweepOfOneBuildAreRefusedWithOneLine() throws IOException {
        CliHarness cli = CliHarness.asShipped();
        List<String> sweep = List.of("sensitivity", "--strategy", "canary-serving", "--machines", "1", "--seeds", "2",
                "--points", "2", "--params", "propagationSeconds");
        Path a = shards(cli, sweep, 3, "a");
        String a1 = a.resolve("shard-1-of-3.json").toString();
        String a2 = a.resolve("shard-2-of-3.json").toString();
        String a3 = a.resolve("shard-3-of-3.json").toString();

        assertOneLineError(cli.run("sensitivity", "--merge", a1, a2),
                "deploysim: --merge: shard 3/3 is missing (have 1/3, 2/3); run it with --shard and merge again");
        Path b = dir.resolve("b");
        ok(cli.run(args(sweep, "--shard", "2/3", "--out", b.toString())));
        assertOneLineError(cli.run("sensitivity", "--merge", a.toString(), b.toString()),
                "deploysim: --merge: shard 2/3 is given twice: " + a2 + " and " + b.resolve("shard-2-of-3.json") + "; give each slice once");
        assertOneLineError(cli.run("sensitivity", "--merge", a.toString(), shards(cli, sweep, 2, "c").toString()),
                "cut the sweep into different numbers of shards (3 and 2)");

        // Slices of another sweep: each option that decides the result, and the base scenario.
        String[][] other = {
            {"--seeds", "3", "--seeds 2 and 3"},
            {"--points", "3", "--points 2 and 3"},
            {"--metric", "failed-probes", "--metric zero-serving-runs and failed-probes"},
            {"--params", "bootSeconds", "the parameters varied (--params, --vary) platform.propagationSeconds=0.01..15 and "
                + "platform.bootSeconds=0.1..1.4"},
            {"--vary", "platform.propagationSeconds=1..2", "the parameters varied (--params, --vary) platform.propagationSeconds=0.01..15 "
                + "and platform.propagationSeconds=1..2"},
            {"--strategy", "canary", "--strategy canary-serving and canary"},
            {"--machines", "3", "--machines 1 and 3"},
            {"--seed", "7", "first seed 1 and 7"},
            {"--profile", "adverse", "their base scenarios differ at platform"},
            {"--set", "platform.proxyRetries=1", "their base scenarios differ at platform.proxyRetries"},
        };
        for (String[] o : other) {
            List<String> changed = new ArrayList<>(sweep);
            int at = changed.indexOf(o[0]);
            if (at >= 0) {
                changed.set(at + 1, o[1]);
            } else {
                changed.addAll(List.of(o[0], o[1]));
            }
            Path d = dir.resolve("d" + o[0] + o[1].hashCode());
            ok(cli.run(args(changed, "--shard", "3/3", "--out", d.toString())));
            assertOneLineError(cli.run("sensitivity", "--merge", a1, a2, d.toString()),
                    "deploysim: --merge: " + a1 + " and " + d.resolve("shard-3-of-3.json") + " are slices of different sweeps: " + o[2]);
        }

        // A slice run by a build that simulates the baseline differently (its own fingerprint is consistent).
        SensitivitySlice s3 = slice(Path.of(a3));
        SensitivitySlice.Sweep w = s3.sweep();
        Path e = dir.resolve("e");
        Files.createDirectories(e);
        Files.writeString(e.resolve("shard-3-of-3.json"), new SensitivitySlice(new SensitivitySlice.Sweep(w.setup(), w.parameters(),
                w.notVaried(), w.cells(), "0123456789abcdef", w.baseScenario()), s3.shard(), s3.runs()).text());
        assertOneLineError(cli.run("sensitivity", "--merge", a1, a2, e.toString()),
                "are slices of different sweeps: they were run by builds that simulate differently (the baseline's first run has "
                        + "trace hash " + w.simulator() + " in one and 0123456789abcdef in the other): run every shard with the same build");

        // An edited slice, a run moved into the wrong slice, a slice missing its runs.
        Path f = dir.resolve("f");
        Files.createDirectories(f);
        String edited = Files.readString(Path.of(a1)).replaceFirst("\"seeds\"\\s*:\\s*2", "\"seeds\": 5");
        assertThat(edited).isNotEqualTo(Files.readString(Path.of(a1)));
        Files.writeString(f.resolve("shard-1-of-3.json"), edited);
        assertOneLineError(cli.run("sensitivity", "--merge", f.toString(), a2, a3),
                "shard-1-of-3.json: fingerprint: ", "does not match the sweep the file describes");
        SensitivitySlice s1 = slice(Path.of(a1));
        Path g = dir.resolve("g");
        Files.createDirectories(g);
        List<SensitivitySlice.Run> moved = new ArrayList<>(s1.runs());
        moved.set(0, new SensitivitySlice.Run(0, slice(Path.of(a2)).runs().get(0).summary()));
        Files.writeString(g.resolve("shard-1-of-3.json"), new SensitivitySlice(s1.sweep(), s1.shard(), moved).text());
        assertOneLineError(cli.run("sensitivity", "--merge", g.toString(), a2, a3),
                g.resolve("shard-1-of-3.json") + ": runs[0]: point 0 (baseline), seed 2 is run 1 of the sweep, which belongs to shard 2/3, not 1/3");
        Path h = dir.resolve("h");
        Files.createDirectories(h);
        Files.writeString(h.resolve("shard-1-of-3.json"), new SensitivitySlice(s1.sweep(), s1.shard(), List.of()).text());
        assertOneLineError(cli.run("sensitivity", "--merge", h.toString(), a2, a3),
                "runs: holds 0 of shard 1/3's 2 runs; the file is incomplete: run its shard again");

        // Another command's slice, a report, nothing.
        Path cmp = dir.resolve("cmp");
        ok(cli.run("compare", "--strategies", "immediate", "--machines", "1", "--seeds", "1", "--shard", "1/1", "--out", cmp.toString()));
        assertOneLineError(cli.run("sensitivity", "--merge", cmp.toString()),
                "shard-1-of-1.json: format: a compare slice, not a sensitivity slice; merge it with 'deploysim compare --merge'");
        assertOneLineError(cli.run("compare", "--merge", a.toString()),
                "shard-1-of-3.json: format: a sensitivity slice, not a compare slice; merge it with 'deploysim sensitivity --merge'");
        Path report = dir.resolve("report");
        ok(cli.run(args(sweep, "--out", report.toString())));
        assertOneLineError(cli.run("sensitivity", "--merge", report.resolve("sensitivity.json").toString()),
                "sensitivity.json: format: not a sensitivity slice (a file 'deploysim sensitivity --shard I/N --out DIR' writes)");
        assertOneLineError(cli.run("sensitivity", "--merge", report.toString()),
                "holds no slice file (shard-I-of-N.json); give the directories that 'sensitivity --shard I/N --out DIR' wrote to");
    }

    @Test
    void shardAndMergeOptionsThatCannotWorkTogetherAreRefusedWithOneLine() {
        CliHarness cli = CliHarness.asShipped();
        String out = dir.resolve("o").toString();
        assertOneLineError(cli.run("sensitivity", "--shard", "0/3", "--out", out), "--shard: I must be 1..3 (slices are numbered from 1)");
        assertOneLineError(cli.run("sensitivity", "--shard", "1/3"), "--shard: a shard writes its slice to a directory: give --out DIR");
        assertOneLineError(cli.run("sensitivity", "--shard", "1/3", "--out", out, "--json"), "--json: a shard writes its slice to --out");
        assertOneLineError(cli.run("sensitivity", "--find-threshold", "propagationSeconds", "--shard", "1/3", "--out", out),
                "--shard: a tipping-point search is a bisection", "run --find-threshold in one process");
        for (String[] drop : new String[][] {{"--seeds", "3"}, {"--points", "3"}, {"--metric", "deploy-p50"}, {"--params", "bootSeconds"},
            {"--vary", "platform.bootSeconds=1..2"}, {"--profile", "adverse"}, {"--set", "seed=2"}, {"--strategy", "canary"},
            {"--find-threshold", "bootSeconds"}}) {
            assertOneLineError(cli.run("sensitivity", "--merge", out, drop[0], drop[1]),
                    "--merge: the sweep comes from the slices and a merge runs nothing; drop " + drop[0]);
        }
        assertOneLineError(cli.run("sensitivity", "--merge", out, "--shard", "1/2"), "--shard runs one slice and --merge combines slices");
        assertThat(dir.resolve("o")).doesNotExist();
    }
}

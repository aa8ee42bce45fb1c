package dev.deploysim.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.report.CompareSlice;
import dev.deploysim.sim.report.Shard;
import dev.deploysim.sim.run.Runner;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.strategies.Strategies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --shard I/N} and {@code compare --merge} through {@link Main#execute}: the
 * oracle is the unsharded run of the same sweep, which a merge must reproduce byte for byte
 * (table, compare.json, compare.csv, report.html); every inconsistent set of slices is refused
 * with one line and exit 2.
 */
class ShardMergeTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(CliHarness.Outcome o, String... fragments) {
        assertThat(o.exit()).as(o.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.errLines()).as(o.toString()).hasSize(1);
        assertThat(o.out()).as(o.toString()).isEmpty();
        assertThat(o.err()).doesNotContain("\tat ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(o.err()).as(o.toString()).contains(f);
        }
    }

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

    @Test
    void threeShardsMergeIntoTheUnshardedReportByteForByte() throws IOException {
        Path scenario = dir.resolve("s.json");
        Files.writeString(scenario, """
                {"platform": {"propagationSeconds": {"uniform": [0.5, 3]}},
                 "strategy": {"name": "rolling", "options": {"maxUnavailable": 0.5}}}
                """);
        List<String> sweep = List.of("compare", scenario.toString(), "--strategies", "immediate,rolling,bluegreen", "--machines", "1,2",
                "--seeds", "4", "--set", "platform.proxyRetries=1");
        CliHarness cli = CliHarness.asShipped();
        Path whole = dir.resolve("whole");
        CliHarness.Outcome unsharded = ok(cli.run(args(sweep, "--out", whole.toString())));

        Path slices = dir.resolve("slices"); // all three shards share one directory
        for (int i = 1; i <= 3; i++) {
            CliHarness.Outcome shard = ok(cli.run(args(sweep, "--shard", i + "/3", "--out", slices.toString())));
            assertThat(shard.out()).startsWith("deploysim compare: shard " + i + "/3 of 3 strategies x 2 sizes x 4 seeds = 24 runs on "
                    + scenario + ", platform fly + propagationSeconds, proxyRetries (seeds 1..4): 8 runs\nslice written to " + slices.resolve("shard-" + i + "-of-3.json"));
        }
        // Each slice holds exactly the runs dealt to it: position p in (strategy, size, seed) order goes to shard p mod 3 + 1.
        int p = 0;
        List<List<String>> dealt = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String strategy : List.of("immediate", "rolling", "bluegreen")) {
            for (int machines : List.of(1, 2)) {
                for (long seed = 1; seed <= 4; seed++) {
                    dealt.get(p++ % 3).add(strategy + "/" + machines + "/" + seed);
                }
            }
        }
        for (int i = 1; i <= 3; i++) {
            Path f = slices.resolve("shard-" + i + "-of-3.json");
            List<String> held = new ArrayList<>();
            for (CompareSlice.Run r : CompareSlice.parse(Files.readString(f), f.toString()).runs()) {
                held.add(r.strategy() + "/" + r.machines() + "/" + r.summary().seed());
            }
            assertThat(held).as("shard %d/3", i).containsExactlyElementsOf(dealt.get(i - 1));
        }

        Path merged = dir.resolve("merged");
        CliHarness.Outcome merge = ok(cli.run("compare", "--merge", slices.toString(), "--out", merged.toString()));
        assertThat(merge.out()).isEqualTo(unsharded.out().replace(whole.toString(), merged.toString()));
        assertThat(merge.out()).contains("\nrolling ").contains("\nbluegreen ").endsWith("report written to " + merged
                + "/ (compare.json, compare.csv, report.html)\n");
        for (String name : List.of("compare.json", "compare.csv", "report.html")) {
            assertThat(Files.readAllBytes(merged.resolve(name))).as(name).isEqualTo(Files.readAllBytes(whole.resolve(name)));
        }
        // Slice files in any order, given one by one, and --json: the same compare.json on stdout.
        CliHarness.Outcome json = ok(cli.run("compare", "--merge", slices.resolve("shard-3-of-3.json").toString(),
                slices.resolve("shard-1-of-3.json").toString(), slices.resolve("shard-2-of-3.json").toString(), "--json"));
        assertThat(json.out()).isEqualTo(Files.readString(whole.resolve("compare.json")));
    }

    @Test
    void moreShardsThanRunsLeavesSomeSlicesEmptyAndTheMergeStillMatches() {
        List<String> sweep = List.of("compare", "--strategies", "immediate", "--machines", "1", "--seeds", "2");
        CliHarness cli = CliHarness.asShipped();
        Path slices = dir.resolve("slices");
        for (int i = 1; i <= 3; i++) {
            ok(cli.run(args(sweep, "--shard", i + "/3", "--out", slices.toString())));
        }
        assertThat(CompareSlice.parse(ScenarioLoader.readFile(slices.resolve("shard-3-of-3.json")), "s3").runs()).isEmpty();
        assertThat(ok(cli.run("compare", "--merge", slices.toString(), "--json")).out())
                .isEqualTo(ok(cli.run(args(sweep, "--json"))).out());
    }

    @Test
    void slicesThatDoNotFormOneWholeSweepAreRefusedWithOneLine() throws IOException {
        CliHarness cli = CliHarness.asShipped();
        List<String> sweep = List.of("compare", "--strategies", "immediate", "--machines", "1", "--seeds", "3");
        Path a = dir.resolve("a");
        for (int i = 1; i <= 3; i++) {
            ok(cli.run(args(sweep, "--shard", i + "/3", "--out", a.toString())));
        }
        String a1 = a.resolve("shard-1-of-3.json").toString();
        String a2 = a.resolve("shard-2-of-3.json").toString();
        String a3 = a.resolve("shard-3-of-3.json").toString();

        assertOneLineError(cli.run("compare", "--merge", a1, a2),
                "deploysim: --merge: shard 3/3 is missing (have 1/3, 2/3); run it with --shard and merge again");
        assertOneLineError(cli.run("compare", "--merge", a1),
                "deploysim: --merge: shards 2/3, 3/3 are missing (have 1/3)");

        Path b = dir.resolve("b");
        ok(cli.run(args(sweep, "--shard", "2/3", "--out", b.toString())));
        assertOneLineError(cli.run("compare", "--merge", a.toString(), b.toString()),
                "deploysim: --merge: shard 2/3 is given twice: " + a2 + " and " + b.resolve("shard-2-of-3.json") + "; give each slice once");

        Path c = dir.resolve("c");
        ok(cli.run("compare", "--strategies", "immediate", "--machines", "1", "--seeds", "4", "--shard", "3/3", "--out", c.toString()));
        assertOneLineError(cli.run("compare", "--merge", a1, a2, c.toString()),
                "deploysim: --merge: " + a1 + " and " + c.resolve("shard-3-of-3.json") + " are slices of different sweeps: --seeds 3 and 4");

        Path d = dir.resolve("d");
        ok(cli.run(args(sweep, "--set", "platform.proxyRetries=0", "--shard", "3/3", "--out", d.toString())));
        assertOneLineError(cli.run("compare", "--merge", a1, a2, d.toString()),
                "are slices of different sweeps: their base scenarios differ at platform.proxyRetries");

        Path e = dir.resolve("e");
        ok(cli.run(args(sweep, "--shard", "2/2", "--out", e.toString())));
        assertOneLineError(cli.run("compare", "--merge", a.toString(), e.toString()),
                "cut the sweep into different numbers of shards (3 and 2)");

        // A run moved into the wrong slice, and a slice missing its run.
        Path f = dir.resolve("f");
        Files.createDirectories(f);
        Files.writeString(f.resolve("shard-1-of-3.json"), Files.readString(Path.of(a1)).replace("\"seed\":1,", "\"seed\":2,"));
        assertOneLineError(cli.run("compare", "--merge", f.toString(), a2, a3),
                "deploysim: " + f.resolve("shard-1-of-3.json") + ": runs[0]: immediate at 1 machine, seed 2 is run 1 of the sweep, "
                        + "which belongs to shard 2/3, not 1/3");
        CompareSlice full = CompareSlice.parse(Files.readString(Path.of(a1)), a1);
        Path g = dir.resolve("g");
        Files.createDirectories(g);
        Files.writeString(g.resolve("shard-1-of-3.json"), new CompareSlice(full.setup(), full.baseScenario(), full.shard(), List.of()).text());
        assertOneLineError(cli.run("compare", "--merge", g.toString(), a2, a3),
                "runs: holds 0 of shard 1/3's 1 runs; the file is incomplete: run its shard again");

        // Not a slice at all.
        Path report = dir.resolve("report");
        ok(cli.run(args(sweep, "--out", report.toString())));
        assertOneLineError(cli.run("compare", "--merge", report.resolve("compare.json").toString()),
                "compare.json: format: not a compare slice");
        assertOneLineError(cli.run("compare", "--merge", report.toString()), "holds no slice file (shard-I-of-N.json)");
        assertOneLineError(cli.run("compare", "--merge", dir.resolve("nowhere").toString()), "nowhere: no such file or directory");
    }

    @Test
    void shardAndMergeOptionsThatCannotWorkTogetherAreRefusedWithOneLine() {
        CliHarness cli = CliHarness.asShipped();
        String out = dir.resolve("o").toString();
        assertOneLineError(cli.run("compare", "--shard", "0/3", "--out", out), "deploysim: --shard: I must be 1..3 (slices are numbered from 1), was 0/3");
        assertOneLineError(cli.run("compare", "--shard", "4/3", "--out", out), "--shard: I must be 1..3");
        assertOneLineError(cli.run("compare", "--shard", "1/0", "--out", out), "--shard: N must be >= 1, was 1/0");
        assertOneLineError(cli.run("compare", "--shard", "two", "--out", out), "--shard: give I/N, e.g. 2/3");
        assertOneLineError(cli.run("compare", "--shard", "1/3"), "--shard: a shard writes its slice to a directory: give --out DIR");
        assertOneLineError(cli.run("compare", "--shard", "1/3", "--out", out, "--json"), "--json: a shard writes its slice to --out");
        assertOneLineError(cli.run("compare", "--merge", out, "--seeds", "3"), "--merge: the sweep comes from the slices and a merge runs "
                + "nothing; drop --seeds");
        assertOneLineError(cli.run("compare", "--merge", out, "--set", "seed=2"), "drop --set");
        assertOneLineError(cli.run("compare", "--merge", out, "--shard", "1/2"), "--shard runs one slice and --merge combines slices");
        assertOneLineError(cli.run("compare", "--merge"), "Missing required parameter for option '--merge'");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void anInterruptedShardWritesNoSlice() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Semaphore blocked = new Semaphore(0);
        Runner gated = new Runner(name -> {
            if (name.equals("bluegreen")) {
                blocked.release();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Strategies.get(name);
        }, (faults, world, deploy) -> { }, List.of());
        ScenarioLoader loader = new ScenarioLoader(StrategyCatalog.of(Strategies.all()));
        RunnerActions actions = new RunnerActions(loader, gated, PromiseCheck.everyViolation(), RunnerActions.Environment.quiet(2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path slices = dir.resolve("slices");
        Requests.Compare request = new Requests.Compare(loader.defaults(), null, true, "(default scenario)",
                List.of("immediate", "bluegreen"), List.of(1), 4, slices, false, false, new Shard(1, 1));
        RunnerActions.CompareRun compare = actions.prepareCompare(request, new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(compare.execute()));
        t.start();
        assertThat(blocked.tryAcquire(2, 60, TimeUnit.SECONDS)).isTrue(); // the immediate runs are done, bluegreen's are not
        compare.interrupted(); // what Ctrl-C's shutdown hook does
        release.countDown();
        t.join(60_000);
        assertThat(exit.get()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("deploysim compare: interrupted: shard 1/1 was not written (")
                .endsWith(" of 8 runs had finished); run it again\n");
        if (Files.exists(slices)) {
            try (Stream<Path> files = Files.list(slices)) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }
}

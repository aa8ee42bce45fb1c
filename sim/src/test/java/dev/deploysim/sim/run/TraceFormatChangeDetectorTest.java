package dev.deploysim.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.VersionSelector;
import dev.deploysim.sim.platform.World;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.scenario.Scenario;
import dev.deploysim.sim.scenario.ScenarioLoader;
import dev.deploysim.sim.scenario.StrategyCatalog;
import dev.deploysim.sim.scenario.StrategyChoice;
import dev.deploysim.strategies.Strategies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A change detector for the observation log, NOT a behavioural oracle: it pins the trace hash,
 * log length and metrics that today's simulator produces for a fixed set of scenarios (every
 * strategy at 1, 3 and 10 machines and seeds 1 to 3, plus runs under every fault mechanism, a
 * bad release, an aborted deploy, stopped machines and an app without checks).
 *
 * <p>It exists so that performance work on the kernel, processes, platform and observation log
 * can prove it changed nothing a run reports: an optimisation must keep every value here. A
 * change that is <em>meant</em> to alter runs (a modelling fix, a new observation field, a
 * different trace encoding) legitimately breaks it; then re-pin the table from the printed
 * actual values and say so in the commit. The values were recorded before the optimisations of
 * issue 7 (docs/performance.md, "Deploy throughput").
 */
class TraceFormatChangeDetectorTest {

    /** The flyctl strategies, fixed here so that strategies registered later do not change the table. */
    private static final List<String> FLYCTL = List.of("immediate", "rolling", "canary", "canary-serving", "bluegreen");

    /** The pinned runs were recorded on the pre-calibration defaults, which live on as the adverse profile. */
    private static final Scenario BASE = new ScenarioLoader(StrategyCatalog.of(Strategies.all())).defaults()
            .withPlatform(dev.deploysim.sim.platform.PlatformProfile.ADVERSE.config());

    /** A fault schedule exercising every mechanism of the world once, at fixed virtual times. */
    private static final FaultScheduler CHAOS = (faults, world, deploy) -> {
        at(world, 6, () -> world.injectApiErrors(0.3, Duration.ofSeconds(60)));
        at(world, 7, () -> world.exhaustCapacity("iad", Duration.ofSeconds(15)));
        at(world, 8, () -> world.crash(VersionSelector.ANY, true));
        at(world, 9, () -> world.failNextBoots(1, VersionSelector.NEW));
        at(world, 12, () -> world.spikePropagation(new Distribution.Uniform(10, 30), Duration.ofSeconds(40)));
        at(world, 15, () -> world.holdLease(firstLive(world), "other", Duration.ofSeconds(20)));
        at(world, 20, () -> world.hang(firstLive(world), Duration.ofSeconds(12)));
        at(world, 25, () -> world.setHostStatus(firstLive(world), HostStatus.UNREACHABLE, Duration.ofSeconds(10)));
        at(world, 40, () -> world.injectApiTimeouts(0.2, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        at(world, 50, () -> world.crash(VersionSelector.NEW, false));
    };

    private static void at(World world, double seconds, Runnable action) {
        world.kernel().schedule(Math.round(seconds * 1e9), "test fault", action);
    }

    private static String firstLive(World world) {
        return world.allMachines().stream().filter(m -> !m.state().apiName().equals("destroyed")).findFirst()
                .orElseThrow().id();
    }

    private static Scenario scenario(String strategy, AppSpec app, long seed) {
        return BASE.withSeed(seed).withApp(app).withStrategy(new StrategyChoice(strategy, new TreeMap<>()));
    }

    private static String describe(String name, DeployRun run) {
        RunMetrics m = run.metrics();
        return String.format(Locale.ROOT, "%s %s n=%d %s end=%d dep=%.9f min=%d zero=%.9f probes=%d/%d/%d/%d "
                        + "p50=%d p99=%d max=%d peak=%d ms=%.6f", name, run.traceHash(), run.log().size(),
                run.outcomeName(), run.endNanos(), m.deploySeconds(), m.minServing(), m.zeroServingSeconds(),
                m.probes().sent(), m.probes().ok(), m.probes().slow(), m.probes().failed(),
                m.probes().p50LatencyNanos(), m.probes().p99LatencyNanos(), m.probes().maxLatencyNanos(),
                m.peakMachines(), m.machineSeconds());
    }

    private static List<String> actual() {
        List<String> out = new ArrayList<>();
        Runner plain = Runner.of((faults, world, deploy) -> { }, List.of());
        for (String s : FLYCTL) {
            for (int n : new int[] {1, 3, 10}) {
                for (long seed = 1; seed <= 3; seed++) {
                    out.add(describe(s + "/" + n + "/" + seed, plain.run(scenario(s, AppSpec.web(n), seed))));
                }
            }
        }
        Runner chaos = Runner.of(CHAOS, List.of());
        for (String s : FLYCTL) {
            for (long seed = 1; seed <= 2; seed++) {
                out.add(describe("chaos " + s + "/4/" + seed, chaos.run(scenario(s, AppSpec.web(4), seed))));
            }
        }
        AppSpec web3 = AppSpec.web(3);
        AppSpec.Group g = web3.groups().get(0);
        AppSpec bad = new AppSpec(web3.name(), web3.currentImage(), web3.newImage(), web3.primaryRegion(),
                List.of(new AppSpec.Group(g.name(), 3, 0, g.region(), true, g.checks(), g.killTimeout(), false)));
        AppSpec stopped = new AppSpec(web3.name(), web3.currentImage(), web3.newImage(), web3.primaryRegion(),
                List.of(new AppSpec.Group(g.name(), 2, 1, g.region(), true, g.checks(), g.killTimeout(), true)));
        AppSpec noChecks = new AppSpec(web3.name(), web3.currentImage(), web3.newImage(), web3.primaryRegion(),
                List.of(new AppSpec.Group(g.name(), 3, 0, g.region(), true, List.<CheckDefinition>of(),
                        g.killTimeout(), true)));
        Runner abort = Runner.of((faults, world, deploy) -> at(world, 40, deploy::abort), List.of());
        for (String s : FLYCTL) {
            out.add(describe("bad " + s, plain.run(scenario(s, bad, 1))));
            out.add(describe("stopped " + s, plain.run(scenario(s, stopped, 1))));
            out.add(describe("nochecks " + s, plain.run(scenario(s, noChecks, 1))));
            out.add(describe("abort " + s, abort.run(scenario(s, AppSpec.web(3), 1))));
        }
        return out;
    }

    @Test
    void performanceWorkLeavesEveryPinnedRunUnchanged() {
        List<String> got = actual();
        assertThat(String.join("\n", got)).isEqualTo(String.join("\n", PINNED));
    }

    /**
     * Recorded on the commit before the issue-7 optimisations; the flyctl rows re-pinned for issue 12,
     * whose modelling fixes (the listen-address check's extra API calls, fly-go's retries, the pools'
     * failure paths) change flyctl's runs on purpose.
     */
    private static final List<String> PINNED = List.of(
            "immediate/1/1 23c89b56a61c5d69 n=176 succeeded end=59447053644 dep=0.760506033 min=0 zero=53.964557436 probes=144/22/0/122 p50=6000000000 p99=6000000000 max=6000000000 peak=1 ms=0.760506",
            "immediate/1/2 3575960d0f2b1c2b n=174 succeeded end=35492208365 dep=0.492208365 min=0 zero=30.111673891 probes=142/26/20/96 p50=6000000000 p99=6000000000 max=6000000000 peak=1 ms=0.492208",
            "immediate/1/3 331617bce7e24454 n=174 succeeded end=40726245173 dep=0.446389088 min=0 zero=35.296292440 probes=142/22/3/117 p50=107180879 p99=6000000000 max=6000000000 peak=1 ms=0.446389",
            "immediate/3/1 1a2dcaac9420a36c n=222 succeeded end=54432811724 dep=0.829849298 min=0 zero=35.217270353 probes=144/23/4/117 p50=6000000000 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "immediate/3/2 019c8864fd073023 n=222 succeeded end=46873555316 dep=0.815188137 min=0 zero=28.068534810 probes=144/36/20/88 p50=170323399 p99=6000000000 max=6000000000 peak=3 ms=2.445564",
            "immediate/3/3 2afbd943ef7a168d n=222 succeeded end=64612427450 dep=0.859383944 min=0 zero=37.441309245 probes=144/23/0/121 p50=104478403 p99=6000000000 max=6000000000 peak=3 ms=2.578152",
            "immediate/10/1 ca44b95979340461 n=383 succeeded end=55267824475 dep=0.964608855 min=0 zero=26.265070150 probes=144/43/20/81 p50=116028900 p99=6000000000 max=6000000000 peak=10 ms=9.646089",
            "immediate/10/2 438d8ea80a48a1ab n=383 succeeded end=54928142459 dep=0.977309243 min=0 zero=29.803704672 probes=144/28/20/96 p50=2314572869 p99=6000000000 max=6000000000 peak=10 ms=9.773092",
            "immediate/10/3 c641c4825fca7ee8 n=384 succeeded end=56589500623 dep=1.076030022 min=0 zero=23.592007534 probes=145/55/20/70 p50=83972685 p99=6000000000 max=6000000000 peak=10 ms=10.760300",
            "rolling/1/1 5571d69265e6077a n=417 succeeded end=85578954484 dep=50.578954484 min=0 zero=53.964557436 probes=343/131/20/192 p50=3232928161 p99=6000000000 max=6000000000 peak=1 ms=50.578954",
            "rolling/1/2 81f23787397b4039 n=317 succeeded end=63096038015 dep=28.096038015 min=0 zero=30.111673891 probes=253/137/20/96 p50=47841433 p99=6000000000 max=6000000000 peak=1 ms=28.096038",
            "rolling/1/3 87bd11fe7788daa2 n=339 succeeded end=68140416036 dep=33.140416036 min=0 zero=35.296292440 probes=273/136/20/117 p50=55577858 p99=6000000000 max=6000000000 peak=1 ms=33.140416",
            "rolling/3/1 7be4830f87fb5fa4 n=893 succeeded end=149670673047 dep=114.670673047 min=1 zero=0.000000000 probes=599/599/0/0 p50=30140797 p99=81837452 max=98113450 peak=3 ms=344.012019",
            "rolling/3/2 f4c1d2c3f52e80c9 n=804 succeeded end=133706979652 dep=98.706979652 min=1 zero=0.000000000 probes=535/535/0/0 p50=30500533 p99=75167297 max=91840792 peak=3 ms=296.120939",
            "rolling/3/3 2bd06ebe6acd202f n=883 succeeded end=148470916446 dep=113.470916446 min=1 zero=0.000000000 probes=594/594/0/0 p50=29756148 p99=73572053 max=83508104 peak=3 ms=340.412749",
            "rolling/10/1 c8f455287a953b43 n=1738 succeeded end=172469233427 dep=137.469233427 min=5 zero=0.000000000 probes=690/689/0/1 p50=30590952 p99=80922822 max=110830458 peak=10 ms=1374.692334",
            "rolling/10/2 155329e112f7e6e3 n=1742 succeeded end=172791503361 dep=137.750595441 min=4 zero=0.000000000 probes=692/691/0/1 p50=29651100 p99=68435094 max=113331139 peak=10 ms=1377.505954",
            "rolling/10/3 dd6668d947e1e822 n=1558 succeeded end=152107483875 dep=117.107483875 min=5 zero=0.000000000 probes=609/608/0/1 p50=28971231 p99=77852521 max=124052475 peak=10 ms=1171.074839",
            "canary/1/1 3b2329431903060f n=542 succeeded end=109688123168 dep=74.688123168 min=0 zero=31.662597645 probes=439/316/20/103 p50=36706639 p99=6000000000 max=6000000000 peak=2 ms=123.477455",
            "canary/1/2 655eec6c0a2dbfd7 n=492 succeeded end=96424309427 dep=61.424309427 min=0 zero=40.008315374 probes=386/230/20/136 p50=44008037 p99=6000000000 max=6000000000 peak=2 ms=87.042965",
            "canary/1/3 e53e407176ea910a n=546 succeeded end=108676132736 dep=73.676132736 min=0 zero=46.889031985 probes=435/251/20/164 p50=44479826 p99=6000000000 max=6000000000 peak=2 ms=104.728334",
            "canary/3/1 889568df687a096b n=1094 succeeded end=192525312408 dep=157.525312408 min=1 zero=0.000000000 probes=771/771/0/0 p50=30985682 p99=70547712 max=95551804 peak=4 ms=521.365269",
            "canary/3/2 40a1f37dfba49f2d n=1008 succeeded end=170560950245 dep=135.560950245 min=1 zero=0.000000000 probes=683/683/0/0 p50=29886079 p99=79954706 max=94142014 peak=4 ms=432.301507",
            "canary/3/3 0bd5b5f997cd4443 n=1037 succeeded end=177179383533 dep=142.179383533 min=1 zero=0.000000000 probes=709/709/0/0 p50=28665376 p99=80559595 max=93299695 peak=4 ms=457.590352",
            "canary/10/1 e90d3ddaab81b857 n=1808 succeeded end=201717316693 dep=166.717316693 min=4 zero=0.000000000 probes=807/806/0/1 p50=30853488 p99=69719461 max=103278533 peak=11 ms=1715.962499",
            "canary/10/2 b13edc5b928563f3 n=1805 succeeded end=189175316986 dep=154.175316986 min=4 zero=0.000000000 probes=757/757/0/0 p50=30270024 p99=85091758 max=117548273 peak=11 ms=1567.371826",
            "canary/10/3 52e5d24e986fc095 n=1938 succeeded end=207450050873 dep=172.450050873 min=4 zero=0.000000000 probes=830/827/0/3 p50=28709337 p99=71886830 max=128290480 peak=11 ms=1755.552710",
            "canary-serving/1/1 9d5055e7803e0d3f n=553 succeeded end=111528335654 dep=76.508225309 min=0 zero=13.029660202 probes=447/396/0/51 p50=31856056 p99=121240671 max=143433894 peak=2 ms=152.642013",
            "canary-serving/1/2 594305af7290b5d6 n=504 succeeded end=98499059061 dep=63.499059061 min=0 zero=12.074800055 probes=394/350/10/34 p50=31816730 p99=2518698941 max=3280710735 peak=2 ms=126.795767",
            "canary-serving/1/3 968c4455d182b48e n=557 succeeded end=110519373289 dep=75.519373289 min=0 zero=18.177302641 probes=443/375/20/48 p50=32733823 p99=6000000000 max=6000000000 peak=2 ms=150.755058",
            "canary-serving/3/1 1499d20dd50d331b n=1097 succeeded end=192597651551 dep=157.597651551 min=2 zero=0.000000000 probes=771/771/0/0 p50=30813348 p99=69719461 max=95551804 peak=4 ms=630.016168",
            "canary-serving/3/2 356d2f7cd672bdf5 n=1018 succeeded end=172283689401 dep=137.283689401 min=2 zero=0.000000000 probes=690/690/0/0 p50=29386950 p99=71205024 max=94142014 peak=4 ms=548.932406",
            "canary-serving/3/3 6b75e69317b5ad9d n=1029 succeeded end=175548514811 dep=140.548514811 min=2 zero=0.000000000 probes=703/703/0/0 p50=28363694 p99=80559595 max=87389407 peak=4 ms=561.910371",
            "canary-serving/10/1 84e87f66cf15daf8 n=1828 succeeded end=203904858919 dep=168.904858919 min=5 zero=0.000000000 probes=816/815/0/1 p50=30742340 p99=68170067 max=91970351 peak=11 ms=1857.579010",
            "canary-serving/10/2 e30964cfc181c1b8 n=1815 succeeded end=190168061341 dep=155.168061341 min=5 zero=0.000000000 probes=761/760/0/1 p50=29782454 p99=77613184 max=132313388 peak=11 ms=1706.646323",
            "canary-serving/10/3 87ae2ab487b03da8 n=1941 succeeded end=207303684744 dep=172.303684744 min=5 zero=0.000000000 probes=830/830/0/0 p50=29039050 p99=73144566 max=95994326 peak=11 ms=1895.056844",
            "bluegreen/1/1 8e03bd7da2668f05 n=517 succeeded end=104900953852 dep=69.900953852 min=1 zero=0.000000000 probes=420/420/0/0 p50=29943054 p99=49724631 max=49926436 peak=2 ms=139.319411",
            "bluegreen/1/2 523e1d1df92e1f2d n=417 succeeded end=82314780454 dep=47.314780454 min=1 zero=0.000000000 probes=330/330/0/0 p50=29301130 p99=49415179 max=49860292 peak=2 ms=94.315690",
            "bluegreen/1/3 65dd7b2e4879d66c n=439 succeeded end=87296271550 dep=52.264768422 min=1 zero=0.000000000 probes=350/350/0/0 p50=28709337 p99=49779994 max=49937680 peak=2 ms=104.147727",
            "bluegreen/3/1 f52871d538739c25 n=669 succeeded end=105574308149 dep=70.574308149 min=3 zero=0.000000000 probes=423/423/0/0 p50=29943054 p99=49724631 max=49926436 peak=6 ms=421.326935",
            "bluegreen/3/2 c5cae14698d9ccc3 n=611 succeeded end=94298056666 dep=59.298056666 min=3 zero=0.000000000 probes=378/378/0/0 p50=29181265 p99=49415179 max=49860292 peak=6 ms=353.983399",
            "bluegreen/3/3 807db3b28708752c n=645 succeeded end=100795803025 dep=65.795803025 min=3 zero=0.000000000 probes=404/404/0/0 p50=28363694 p99=58565205 max=93594652 peak=6 ms=392.436723",
            "bluegreen/10/1 b6370989a1606829 n=1220 succeeded end=107739761398 dep=72.739761398 min=10 zero=0.000000000 probes=431/431/0/0 p50=29943054 p99=49724631 max=49926436 peak=20 ms=1447.155140",
            "bluegreen/10/2 360d3b26acd8298e n=1193 succeeded end=105789059438 dep=70.785405553 min=10 zero=0.000000000 probes=424/424/0/0 p50=29409523 p99=49860292 max=85091758 peak=20 ms=1408.899324",
            "bluegreen/10/3 32d78fc0f7eed80f n=1199 succeeded end=106791401618 dep=71.752086804 min=10 zero=0.000000000 probes=428/428/0/0 p50=28233703 p99=49792550 max=49937680 peak=20 ms=1426.628688",
            "chaos immediate/4/1 e3d5ff4bc34d7948 n=265 succeeded end=74749085624 dep=0.900075877 min=0 zero=38.799572141 probes=144/23/0/121 p50=6000000000 p99=6000000000 max=6000000000 peak=4 ms=3.600304",
            "chaos immediate/4/2 10b7d49e89ace4b3 n=265 succeeded end=78187166212 dep=0.813739128 min=0 zero=36.861189315 probes=144/23/0/121 p50=6000000000 p99=6000000000 max=6000000000 peak=4 ms=3.254957",
            "chaos rolling/4/1 4e6c30f05febdf1e n=484 failed end=76663133096 dep=41.663133096 min=2 zero=0.000000000 probes=307/307/0/0 p50=31011841 p99=80399945 max=124534540 peak=4 ms=166.652532",
            "chaos rolling/4/2 ab7e0a35a890696d n=365 failed end=73753191851 dep=20.648754595 min=2 zero=0.000000000 probes=223/223/0/0 p50=29552688 p99=67681985 max=74920599 peak=4 ms=82.595018",
            "chaos canary/4/1 ffd3a77beee991c8 n=227 failed end=70000000000 dep=2.552612915 min=2 zero=0.000000000 probes=151/151/0/0 p50=31456506 p99=89407293 max=96924094 peak=5 ms=12.388627",
            "chaos canary/4/2 c00128ce73655e59 n=357 failed end=70000000000 dep=26.356969295 min=3 zero=0.000000000 probes=246/246/0/0 p50=29032053 p99=57929353 max=72283394 peak=5 ms=131.422621",
            "chaos canary-serving/4/1 2c501a83bcbfddef n=227 failed end=70000000000 dep=2.552612915 min=2 zero=0.000000000 probes=151/151/0/0 p50=31456506 p99=89407293 max=96924094 peak=5 ms=12.388627",
            "chaos canary-serving/4/2 6ca11348014a56b4 n=352 failed end=70000000000 dep=26.039643961 min=3 zero=0.000000000 probes=245/245/0/0 p50=30270024 p99=71543023 max=91840792 peak=5 ms=129.995868",
            "chaos bluegreen/4/1 2144c54b0d337331 n=483 rolled_back end=70000000000 dep=33.804218838 min=2 zero=0.000000000 probes=276/276/0/0 p50=30985682 p99=80606512 max=96924094 peak=8 ms=267.311599",
            "chaos bluegreen/4/2 aefd0f4a3e2c10a4 n=413 failed end=70000000000 dep=24.462753630 min=3 zero=0.000000000 probes=238/238/0/0 p50=29181265 p99=57929353 max=72283394 peak=8 ms=193.132832",
            "bad immediate 3741041738e67cc0 n=213 succeeded end=41750000000 dep=0.829849298 min=0 zero=36.142073451 probes=144/23/0/121 p50=6000000000 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "stopped immediate a86b369ee7f20623 n=213 succeeded end=62883055984 dep=0.829849298 min=0 zero=34.878207090 probes=144/23/6/115 p50=6000000000 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "nochecks immediate f94a247ee0c55a7e n=213 succeeded end=38680205162 dep=0.829849298 min=0 zero=19.217270353 probes=144/71/20/53 p50=70645021 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "abort immediate 1a2dcaac9420a36c n=222 succeeded end=54432811724 dep=0.829849298 min=0 zero=35.217270353 probes=144/23/4/117 p50=6000000000 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "bad rolling edc902b83723afff n=2290 failed end=392733107067 dep=357.733107067 min=2 zero=0.000000000 probes=1571/1571/0/0 p50=29672701 p99=49883030 max=98113450 peak=3 ms=1073.199321",
            "stopped rolling 0ebba95b36e5f355 n=669 succeeded end=113288953810 dep=78.288953810 min=0 zero=3.906193872 probes=454/439/0/15 p50=30288140 p99=101354201 max=143433894 peak=3 ms=234.866861",
            "nochecks rolling 8611500b0e8ab62f n=740 succeeded end=126453913290 dep=91.453913290 min=2 zero=0.000000000 probes=506/506/0/0 p50=30590952 p99=80824735 max=98113450 peak=3 ms=274.361740",
            "abort rolling 264065159f23fb2d n=389 failed end=70298377226 dep=35.269782525 min=2 zero=0.000000000 probes=282/282/0/0 p50=30866510 p99=79336452 max=98113450 peak=3 ms=105.809348",
            "bad canary 484b20392ae4fe4a n=1721 failed end=381547004265 dep=346.547004265 min=3 zero=0.000000000 probes=1527/1527/0/0 p50=29699908 p99=49558520 max=49997760 peak=4 ms=1385.813579",
            "stopped canary 01949a1168139dff n=831 succeeded end=148403309601 dep=113.403309601 min=0 zero=4.096023988 probes=594/578/0/16 p50=30985682 p99=101312066 max=124133654 peak=4 ms=388.999261",
            "nochecks canary ca3eec9a0e01766d n=890 succeeded end=157028905367 dep=122.001841611 min=2 zero=0.000000000 probes=629/629/0/0 p50=30414546 p99=81996593 max=98366505 peak=4 ms=402.947608",
            "abort canary a57abe3f048157a8 n=330 failed end=70227383218 dep=35.227383218 min=3 zero=0.000000000 probes=281/281/0/0 p50=30742340 p99=49691432 max=49827740 peak=4 ms=140.535095",
            "bad canary-serving 9b09aa021683143b n=1721 failed end=381547004265 dep=346.547004265 min=3 zero=0.000000000 probes=1527/1527/0/0 p50=29699908 p99=49558520 max=49997760 peak=4 ms=1385.813579",
            "stopped canary-serving 7b33da61bf626be3 n=833 succeeded end=148386990827 dep=113.386990827 min=1 zero=0.000000000 probes=594/594/0/0 p50=30724238 p99=78336257 max=87260182 peak=4 ms=453.173526",
            "nochecks canary-serving 1acb358e5cc7494c n=892 succeeded end=157027345857 dep=122.027345857 min=2 zero=0.000000000 probes=629/629/0/0 p50=30266656 p99=74183041 max=92269370 peak=4 ms=487.734946",
            "abort canary-serving 96af09ec5252ce92 n=331 failed end=70227383218 dep=35.227383218 min=3 zero=0.000000000 probes=281/281/0/0 p50=30742340 p99=49691432 max=49827740 peak=4 ms=140.535095",
            "bad bluegreen fb2fa4f73a304e77 n=2080 rolled_back end=367105490113 dep=332.105490113 min=3 zero=0.000000000 probes=1469/1469/0/0 p50=29720086 p99=49558520 max=49997760 peak=6 ms=1990.514027",
            "stopped bluegreen 6ecc144c14773b00 n=651 succeeded end=105220071559 dep=70.220071559 min=2 zero=0.000000000 probes=421/421/0/0 p50=29943054 p99=49724631 max=49926436 peak=6 ms=419.201515",
            "nochecks bluegreen 3fe0933ca2f4c859 n=181 failed end=35607926549 dep=0.607926549 min=3 zero=0.000000000 probes=143/143/0/0 p50=31232638 p99=49353220 max=49691432 peak=3 ms=1.823780",
            "abort bluegreen 5819365fad3fd688 n=426 rolled_back end=70814167826 dep=35.814167826 min=3 zero=0.000000000 probes=284/284/0/0 p50=30590952 p99=49691432 max=49827740 peak=6 ms=212.543220"
    );
}

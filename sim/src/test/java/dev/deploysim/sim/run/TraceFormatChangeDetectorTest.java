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

    /** Recorded on the commit before the issue-7 optimisations. */
    private static final List<String> PINNED = List.of(
            "immediate/1/1 6595bbe687adacba n=176 succeeded end=59447053644 dep=0.760506033 min=0 zero=53.964557436 probes=144/22/0/122 p50=6000000000 p99=6000000000 max=6000000000 peak=1 ms=0.760506",
            "immediate/1/2 51f784d991510748 n=174 succeeded end=35492208365 dep=0.492208365 min=0 zero=30.111673891 probes=142/26/20/96 p50=6000000000 p99=6000000000 max=6000000000 peak=1 ms=0.492208",
            "immediate/1/3 effeeb4bd43d71b3 n=174 succeeded end=40726245173 dep=0.446389088 min=0 zero=35.296292440 probes=142/22/3/117 p50=107180879 p99=6000000000 max=6000000000 peak=1 ms=0.446389",
            "immediate/3/1 924c69389d20bd25 n=222 succeeded end=54432811724 dep=0.829849298 min=0 zero=35.217270353 probes=144/23/4/117 p50=6000000000 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "immediate/3/2 bba6e8b16243b9ba n=222 succeeded end=46873555316 dep=0.815188137 min=0 zero=28.068534810 probes=144/36/20/88 p50=170323399 p99=6000000000 max=6000000000 peak=3 ms=2.445564",
            "immediate/3/3 4f671b322fa3fb7e n=222 succeeded end=64612427450 dep=0.859383944 min=0 zero=37.441309245 probes=144/23/0/121 p50=104478403 p99=6000000000 max=6000000000 peak=3 ms=2.578152",
            "immediate/10/1 70a60fb818835bce n=383 succeeded end=55267824475 dep=0.964608855 min=0 zero=26.265070150 probes=144/43/20/81 p50=116028900 p99=6000000000 max=6000000000 peak=10 ms=9.646089",
            "immediate/10/2 0fe07bc95fbe8558 n=383 succeeded end=54928142459 dep=0.977309243 min=0 zero=29.803704672 probes=144/28/20/96 p50=2314572869 p99=6000000000 max=6000000000 peak=10 ms=9.773092",
            "immediate/10/3 ca3c65b2f7e43287 n=384 succeeded end=56589500623 dep=1.076030022 min=0 zero=23.592007534 probes=145/55/20/70 p50=83972685 p99=6000000000 max=6000000000 peak=10 ms=10.760300",
            "rolling/1/1 1ad44162279b00f6 n=415 succeeded end=85521702129 dep=50.521702129 min=0 zero=53.964557436 probes=343/131/20/192 p50=3232928161 p99=6000000000 max=6000000000 peak=1 ms=50.521702",
            "rolling/1/2 3565ac7b88849532 n=315 succeeded end=63039170767 dep=28.039170767 min=0 zero=30.111673891 probes=253/137/20/96 p50=47841433 p99=6000000000 max=6000000000 peak=1 ms=28.039171",
            "rolling/1/3 7a7a38fddad423dc n=337 succeeded end=68046035211 dep=33.046035211 min=0 zero=35.296292440 probes=273/136/20/117 p50=55577858 p99=6000000000 max=6000000000 peak=1 ms=33.046035",
            "rolling/3/1 38bf6d4c990146c1 n=875 succeeded end=147483392994 dep=112.483392994 min=1 zero=0.000000000 probes=590/590/0/0 p50=29962895 p99=81837452 max=98113450 peak=3 ms=337.450179",
            "rolling/3/2 0f69ff1ab10280b8 n=802 succeeded end=133685042826 dep=98.685042826 min=1 zero=0.000000000 probes=535/535/0/0 p50=30500533 p99=76975341 max=91840792 peak=3 ms=296.055128",
            "rolling/3/3 f21328e5eab041ec n=880 succeeded end=148291351659 dep=113.291351659 min=1 zero=0.000000000 probes=594/594/0/0 p50=29688658 p99=73480965 max=83508104 peak=3 ms=339.874055",
            "rolling/10/1 84c47fa0e6ae2c01 n=1735 succeeded end=172352030478 dep=137.352030478 min=5 zero=0.000000000 probes=690/688/0/2 p50=30590952 p99=81996593 max=108284977 peak=10 ms=1373.520305",
            "rolling/10/2 baadd69d48a8a71f n=1733 succeeded end=171092669443 dep=136.092669443 min=4 zero=0.000000000 probes=685/684/0/1 p50=29953815 p99=75994245 max=113331139 peak=10 ms=1360.926694",
            "rolling/10/3 d5e3b02a5c0fe1e8 n=1555 succeeded end=151943089454 dep=116.943089454 min=4 zero=0.000000000 probes=608/607/0/1 p50=28971231 p99=81076972 max=124052475 peak=10 ms=1169.430895",
            "canary/1/1 404c00506227831d n=548 succeeded end=111388510108 dep=76.388510108 min=0 zero=31.662597645 probes=446/323/20/103 p50=36647142 p99=6000000000 max=6000000000 peak=2 ms=124.897164",
            "canary/1/2 a2135aad42877e24 n=500 succeeded end=98391850297 dep=63.391850297 min=0 zero=40.008315374 probes=394/238/20/136 p50=43839848 p99=6000000000 max=6000000000 peak=2 ms=88.742676",
            "canary/1/3 ebfdd31c304582e2 n=552 succeeded end=110430689069 dep=75.430689069 min=0 zero=46.889031985 probes=442/258/20/164 p50=43714760 p99=6000000000 max=6000000000 peak=2 ms=106.369845",
            "canary/3/1 f373c5f077c9db33 n=1092 succeeded end=192436560765 dep=157.436560765 min=1 zero=0.000000000 probes=770/770/0/0 p50=30985682 p99=69719461 max=95551804 peak=4 ms=520.818336",
            "canary/3/2 c52963d393142ae6 n=1013 succeeded end=172228786273 dep=137.228786273 min=1 zero=0.000000000 probes=689/689/0/0 p50=29670090 p99=76975341 max=94142014 peak=4 ms=437.037185",
            "canary/3/3 c36f9e6dd2aff7f7 n=1024 succeeded end=175308752844 dep=140.308752844 min=1 zero=0.000000000 probes=702/702/0/0 p50=28814158 p99=77679555 max=93299695 peak=4 ms=451.865415",
            "canary/10/1 fed3aa304b8ce5d4 n=1823 succeeded end=203710826476 dep=168.710826476 min=4 zero=0.000000000 probes=815/814/0/1 p50=30844632 p99=69122327 max=103278533 peak=11 ms=1735.616919",
            "canary/10/2 cc2e538b2b5ad175 n=1811 succeeded end=190044754074 dep=155.044754074 min=4 zero=0.000000000 probes=761/761/0/0 p50=30184677 p99=85091758 max=117548273 peak=11 ms=1575.798366",
            "canary/10/3 46eb748345ada2fd n=1936 succeeded end=207143331901 dep=172.143331901 min=4 zero=0.000000000 probes=829/826/0/3 p50=28635525 p99=71886830 max=128290480 peak=11 ms=1752.372475",
            "canary-serving/1/1 665b404a6f9c64e9 n=550 succeeded end=111275378595 dep=76.275378595 min=0 zero=13.262506916 probes=446/394/0/52 p50=31739392 p99=121028349 max=130062743 peak=2 ms=152.176319",
            "canary-serving/1/2 596f411c1c297112 n=500 succeeded end=98218246879 dep=63.218246879 min=0 zero=12.355612237 probes=393/348/10/35 p50=31932728 p99=2711775880 max=3482912734 peak=2 ms=126.234142",
            "canary-serving/1/3 9f44213564ab0a0d n=553 succeeded end=110216319206 dep=75.216319206 min=0 zero=18.480356724 probes=441/371/20/50 p50=32752165 p99=6000000000 max=6000000000 peak=2 ms=150.148950",
            "canary-serving/3/1 322e86a335bdff5a n=1091 succeeded end=192031571414 dep=157.031571414 min=2 zero=0.000000000 probes=769/769/0/0 p50=30813348 p99=68121579 max=95551804 peak=4 ms=627.751848",
            "canary-serving/3/2 b10ccf484b556b61 n=1016 succeeded end=172432733803 dep=137.432733803 min=2 zero=0.000000000 probes=690/690/0/0 p50=29409523 p99=71205024 max=94142014 peak=4 ms=549.528584",
            "canary-serving/3/3 53694cf254403545 n=1025 succeeded end=175296595259 dep=140.296595259 min=2 zero=0.000000000 probes=702/702/0/0 p50=28363694 p99=80559595 max=87389407 peak=4 ms=560.902692",
            "canary-serving/10/1 8b1bccab3e01ceeb n=1788 succeeded end=200219265852 dep=165.219265852 min=5 zero=0.000000000 probes=801/801/0/0 p50=30744909 p99=67942677 max=103278533 peak=11 ms=1817.037487",
            "canary-serving/10/2 36dbab708b669c0c n=1800 succeeded end=187656643325 dep=152.656643325 min=5 zero=0.000000000 probes=751/750/0/1 p50=29782454 p99=77413514 max=132313388 peak=11 ms=1679.020725",
            "canary-serving/10/3 06f8899a968df7c2 n=1974 succeeded end=210856484621 dep=175.856484621 min=5 zero=0.000000000 probes=844/844/0/0 p50=28971231 p99=73061075 max=92036236 peak=11 ms=1934.137642",
            "bluegreen/1/1 0bbf6580e6fc12a8 n=517 succeeded end=104900953852 dep=69.900953852 min=1 zero=0.000000000 probes=420/420/0/0 p50=29943054 p99=49724631 max=49926436 peak=2 ms=139.319411",
            "bluegreen/1/2 a7c16c50bf877df4 n=417 succeeded end=82314780454 dep=47.314780454 min=1 zero=0.000000000 probes=330/330/0/0 p50=29301130 p99=49415179 max=49860292 peak=2 ms=94.315690",
            "bluegreen/1/3 a34b7100429de989 n=439 succeeded end=87296271550 dep=52.264768422 min=1 zero=0.000000000 probes=350/350/0/0 p50=28709337 p99=49779994 max=49937680 peak=2 ms=104.147727",
            "bluegreen/3/1 43a66238e426ba2e n=669 succeeded end=105574308149 dep=70.574308149 min=3 zero=0.000000000 probes=423/423/0/0 p50=29943054 p99=49724631 max=49926436 peak=6 ms=421.326935",
            "bluegreen/3/2 337e02836b558190 n=611 succeeded end=94298056666 dep=59.298056666 min=3 zero=0.000000000 probes=378/378/0/0 p50=29181265 p99=49415179 max=49860292 peak=6 ms=353.983399",
            "bluegreen/3/3 5d720bb2ba210223 n=645 succeeded end=100795803025 dep=65.795803025 min=3 zero=0.000000000 probes=404/404/0/0 p50=28363694 p99=58565205 max=93594652 peak=6 ms=392.436723",
            "bluegreen/10/1 d6736b1777e9b262 n=1220 succeeded end=107739761398 dep=72.739761398 min=10 zero=0.000000000 probes=431/431/0/0 p50=29943054 p99=49724631 max=49926436 peak=20 ms=1447.155140",
            "bluegreen/10/2 a72af1c9947deeb5 n=1193 succeeded end=105789059438 dep=70.785405553 min=10 zero=0.000000000 probes=424/424/0/0 p50=29409523 p99=49860292 max=85091758 peak=20 ms=1408.899324",
            "bluegreen/10/3 be91b9347563ffe0 n=1199 succeeded end=106791401618 dep=71.752086804 min=10 zero=0.000000000 probes=428/428/0/0 p50=28233703 p99=49792550 max=49937680 peak=20 ms=1426.628688",
            "chaos immediate/4/1 0ee2e8d106a55e87 n=265 succeeded end=74749085624 dep=0.900075877 min=0 zero=38.799572141 probes=144/23/0/121 p50=6000000000 p99=6000000000 max=6000000000 peak=4 ms=3.600304",
            "chaos immediate/4/2 03cec2b2f6918c02 n=265 succeeded end=78187166212 dep=0.813739128 min=0 zero=36.861189315 probes=144/23/0/121 p50=6000000000 p99=6000000000 max=6000000000 peak=4 ms=3.254957",
            "chaos rolling/4/1 630b205988e1028c n=514 failed end=82826732879 dep=47.826732879 min=2 zero=0.000000000 probes=332/332/0/0 p50=30866510 p99=80399945 max=124534540 peak=4 ms=191.306932",
            "chaos rolling/4/2 f633df0e19f3752b n=384 failed end=73753191851 dep=23.902813276 min=2 zero=0.000000000 probes=236/236/0/0 p50=29335293 p99=67681985 max=74920599 peak=4 ms=95.611253",
            "chaos canary/4/1 61e884b2fa53d8ff n=227 failed end=70000000000 dep=2.552612915 min=2 zero=0.000000000 probes=151/151/0/0 p50=31456506 p99=89407293 max=96924094 peak=5 ms=12.388627",
            "chaos canary/4/2 978e668899e81234 n=253 failed end=70000000000 dep=8.831149755 min=3 zero=0.000000000 probes=176/176/0/0 p50=29386950 p99=58201358 max=72283394 peak=5 ms=43.953397",
            "chaos canary-serving/4/1 cb693265c743fff8 n=227 failed end=70000000000 dep=2.552612915 min=2 zero=0.000000000 probes=151/151/0/0 p50=31456506 p99=89407293 max=96924094 peak=5 ms=12.388627",
            "chaos canary-serving/4/2 7e9ad1a348c866cd n=255 failed end=70000000000 dep=8.831149755 min=3 zero=0.000000000 probes=176/176/0/0 p50=29386950 p99=58201358 max=72283394 peak=5 ms=43.953397",
            "chaos bluegreen/4/1 3ddf63cce29accf6 n=466 failed end=70000000000 dep=33.363895297 min=2 zero=0.000000000 probes=274/274/0/0 p50=30985682 p99=80606512 max=96924094 peak=8 ms=264.360068",
            "chaos bluegreen/4/2 7bab3042a956883d n=398 failed end=70000000000 dep=23.956144400 min=3 zero=0.000000000 probes=236/236/0/0 p50=29050440 p99=57929353 max=72283394 peak=8 ms=189.343254",
            "bad immediate 008f1673d880933b n=213 succeeded end=41750000000 dep=0.829849298 min=0 zero=36.142073451 probes=144/23/0/121 p50=6000000000 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "stopped immediate 7bc059d72b40bbb6 n=213 succeeded end=62883055984 dep=0.829849298 min=0 zero=34.878207090 probes=144/23/6/115 p50=6000000000 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "nochecks immediate bb39144b0bf532c9 n=213 succeeded end=38680205162 dep=0.829849298 min=0 zero=19.217270353 probes=144/71/20/53 p50=70645021 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "abort immediate 924c69389d20bd25 n=222 succeeded end=54432811724 dep=0.829849298 min=0 zero=35.217270353 probes=144/23/4/117 p50=6000000000 p99=6000000000 max=6000000000 peak=3 ms=2.489548",
            "bad rolling 4f61f66fb9171238 n=2195 failed end=377460783109 dep=342.460783109 min=2 zero=0.000000000 probes=1510/1510/0/0 p50=29708542 p99=49883030 max=98113450 peak=3 ms=1027.382349",
            "stopped rolling 874234a1ef894428 n=666 succeeded end=113136930357 dep=78.136930357 min=0 zero=4.129014043 probes=453/437/0/16 p50=30414546 p99=103425492 max=129042971 peak=3 ms=234.410791",
            "nochecks rolling 92d586379c55c06d n=738 succeeded end=126401812058 dep=91.401812058 min=2 zero=0.000000000 probes=506/506/0/0 p50=30590952 p99=80824735 max=98113450 peak=3 ms=274.205436",
            "abort rolling ea1eb77c9e06d3b0 n=389 failed end=70298377226 dep=35.269782525 min=2 zero=0.000000000 probes=282/282/0/0 p50=30866510 p99=79336452 max=98113450 peak=3 ms=105.809348",
            "bad canary 344c9f35a19d0f7c n=1648 failed end=366439064435 dep=331.439064435 min=3 zero=0.000000000 probes=1466/1466/0/0 p50=29720086 p99=49558520 max=49997760 peak=4 ms=1325.381820",
            "stopped canary d0c144796956f850 n=828 succeeded end=148128676191 dep=113.128676191 min=0 zero=4.297818266 probes=593/576/0/17 p50=31031344 p99=101312066 max=124133654 peak=4 ms=387.894682",
            "nochecks canary 0fe30b3d46334e85 n=863 succeeded end=152442871481 dep=117.442871481 min=2 zero=0.000000000 probes=610/610/0/0 p50=30660405 p99=78071876 max=94980264 peak=4 ms=384.143436",
            "abort canary 36b4c71f2a90fce9 n=328 failed end=70210781379 dep=35.210781379 min=3 zero=0.000000000 probes=281/281/0/0 p50=30742340 p99=49691432 max=49827740 peak=4 ms=140.468688",
            "bad canary-serving d7d9c10d14c1c22d n=1648 failed end=366439064435 dep=331.439064435 min=3 zero=0.000000000 probes=1466/1466/0/0 p50=29720086 p99=49558520 max=49997760 peak=4 ms=1325.381820",
            "stopped canary-serving 6bb9bc3c2bcc3bef n=831 succeeded end=148292732726 dep=113.292732726 min=1 zero=0.000000000 probes=594/594/0/0 p50=30724238 p99=78336257 max=87260182 peak=4 ms=452.796493",
            "nochecks canary-serving c0833204302c9fa4 n=868 succeeded end=152544788342 dep=117.512428426 min=2 zero=0.000000000 probes=611/611/0/0 p50=29943054 p99=74183041 max=84696754 peak=4 ms=469.675276",
            "abort canary-serving d6487ed029a8349f n=329 failed end=70210781379 dep=35.210781379 min=3 zero=0.000000000 probes=281/281/0/0 p50=30742340 p99=49691432 max=49827740 peak=4 ms=140.468688",
            "bad bluegreen 80637883fe080824 n=2080 rolled_back end=367105490113 dep=332.105490113 min=3 zero=0.000000000 probes=1469/1469/0/0 p50=29720086 p99=49558520 max=49997760 peak=6 ms=1990.514027",
            "stopped bluegreen a1d74d2ead8b8e4b n=651 succeeded end=105220071559 dep=70.220071559 min=2 zero=0.000000000 probes=421/421/0/0 p50=29943054 p99=49724631 max=49926436 peak=6 ms=419.201515",
            "nochecks bluegreen 02e95aa8afd475ac n=181 failed end=35607926549 dep=0.607926549 min=3 zero=0.000000000 probes=143/143/0/0 p50=31232638 p99=49353220 max=49691432 peak=3 ms=1.823780",
            "abort bluegreen 1dcbfa87f3fe68a7 n=426 rolled_back end=70814167826 dep=35.814167826 min=3 zero=0.000000000 probes=284/284/0/0 p50=30590952 p99=49691432 max=49827740 peak=6 ms=212.543220");
}

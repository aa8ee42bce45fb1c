package dev.deploysim.sim.fault;

import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.explore.Gen;
import dev.deploysim.sim.platform.AppSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates apps as they stand before a deploy: 1 to {@value #MAX_MACHINES} machines in 1 to 3
 * process groups, started and stopped, with and without services and checks. The simplest app is
 * the base app's first group with one started machine; shrinking goes to fewer groups, fewer
 * machines, no stopped machines and the base group's checks.
 */
public final class Apps {
    /** The most machines a generated app has, over all its groups. */
    public static final int MAX_MACHINES = 20;
    /** Names of the groups after the first (which keeps the base app's group name). */
    static final List<String> OTHER_GROUPS = List.of("worker", "cron");

    private Apps() {
    }

    /** Apps built on {@code base}: its name, images, region and first group's config. */
    public static Gen<AppSpec> around(AppSpec base) {
        if (base.groups().isEmpty()) {
            throw new IllegalArgumentException("the base app needs at least one process group");
        }
        AppSpec.Group template = base.groups().get(0);
        Gen<Integer> groupCount = Gen.frequency(Gen.weighted(6, Gen.constant(1)), Gen.weighted(3, Gen.constant(2)),
                Gen.weighted(1, Gen.constant(3)));
        return c -> {
            int groups = c.draw(groupCount);
            int remaining = MAX_MACHINES;
            List<AppSpec.Group> out = new ArrayList<>();
            for (int i = 0; i < groups; i++) {
                int most = remaining - (groups - 1 - i);
                AppSpec.Group g = c.draw(group(template, i == 0 ? template.name() : OTHER_GROUPS.get(i - 1), i == 0, most));
                remaining -= g.machines();
                out.add(g);
            }
            return new AppSpec(base.name(), base.currentImage(), base.newImage(), base.primaryRegion(), out);
        };
    }

    private static Gen<AppSpec.Group> group(AppSpec.Group template, String name, boolean first, int most) {
        Gen<Integer> machines = Gen.frequency(Gen.weighted(3, Gen.integers(1, Math.min(3, most))),
                Gen.weighted(2, Gen.integers(1, most)));
        Gen<Boolean> services = first ? Gen.constant(template.hasServices()) : Gen.booleans();
        CheckDefinition topLevel = new CheckDefinition("check-tcp", "tcp", false, Duration.ofSeconds(1),
                Duration.ofSeconds(15), Duration.ofSeconds(2));
        // fly launch writes no check (the default app's template); a tcp service check is the other common case
        CheckDefinition service = CheckDefinition.tcpService("servicecheck-00-tcp-8080");
        Gen<List<CheckDefinition>> withServices = Gen.frequency(Gen.weighted(1, Gen.constant(template.checks())),
                Gen.weighted(4, Gen.constant(List.of(service))), Gen.weighted(1, Gen.constant(List.of())),
                Gen.weighted(1, Gen.constant(List.of(topLevel))));
        Gen<List<CheckDefinition>> withoutServices = Gen.frequency(Gen.weighted(3, Gen.constant(List.<CheckDefinition>of())),
                Gen.weighted(1, Gen.constant(List.of(topLevel))));
        return c -> {
            int n = c.draw(machines);
            int stopped = c.draw(Gen.frequency(Gen.weighted(4, Gen.constant(0)), Gen.weighted(1, Gen.integers(1, n))));
            boolean hasServices = c.draw(services);
            List<CheckDefinition> checks = c.draw(hasServices ? withServices : withoutServices);
            if (!hasServices) {
                // a group without services has no service checks
                checks = checks.stream().filter(k -> !k.serviceCheck()).toList();
            }
            return new AppSpec.Group(name, n - stopped, stopped, template.region(), hasServices, checks,
                    template.killTimeout(), template.newVersionHealthy());
        };
    }
}

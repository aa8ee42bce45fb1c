package dev.deploysim.sim.scenario;

import java.util.Objects;

/**
 * What a fault hits: the whole app (every machine, the API, the proxy), one process group, one
 * machine of a group, or one region. In JSON: {@code "app"}, {@code {"group": "web"}},
 * {@code {"group": "web", "machine": 0}}, {@code {"region": "iad"}}.
 */
public sealed interface FaultTarget {

    /** The JSON name of this kind of target, as used in error messages ({@code app}, {@code group}, ...). */
    String kind();

    /** The whole app. */
    record App() implements FaultTarget {
        @Override
        public String kind() {
            return "app";
        }
    }

    /** Every machine of one process group (a fault that needs one machine picks it from the fault's random stream). */
    record Group(String group) implements FaultTarget {
        public Group {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String kind() {
            return "group";
        }
    }

    /**
     * One machine: the {@code index}-th machine of {@code group} as the app stood before the deploy,
     * started machines first, then stopped ones, in creation order.
     */
    record Machine(String group, int index) implements FaultTarget {
        public Machine {
            Objects.requireNonNull(group, "group");
            if (index < 0) {
                throw new IllegalArgumentException("machine index must be >= 0, was " + index);
            }
        }

        @Override
        public String kind() {
            return "machine";
        }
    }

    /** One region (capacity lives per region). */
    record Region(String region) implements FaultTarget {
        public Region {
            Objects.requireNonNull(region, "region");
        }

        @Override
        public String kind() {
            return "region";
        }
    }

    /** The whole app. */
    static FaultTarget app() {
        return new App();
    }
}

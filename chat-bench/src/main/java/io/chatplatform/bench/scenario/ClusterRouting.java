package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.RestApi;
import io.chatplatform.bench.chat.Target;
import io.chatplatform.bench.report.RunResult;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Routing by interest on a cluster, measured ({@code cluster-routing}): the rooms of a {@link RoomLayout} (local rooms
 * whose members sit on one node each, spread rooms with members on every node), SENDs at a fixed total rate spread
 * evenly over the rooms ({@link MessageLoad}'s open loop, with its accounting of every delivery), and each node's
 * {@code chat.cluster.bus.received} and {@code chat.cluster.bus.published} read from its Actuator when the
 * measurement window opens and when it closes. {@link RoutingShares} sets what each node heard against what its rooms
 * carried.
 */
public final class ClusterRouting {

    static final String RECEIVED = "chat.cluster.bus.received";
    static final String PUBLISHED = "chat.cluster.bus.published";

    /**
     * @param urls        the nodes, each with its Actuator on the same port
     * @param localRooms  rooms whose members all connect to one node, dealt round-robin over the nodes
     * @param spreadRooms rooms with members on every node
     * @param rate        SENDs per second in total, every member of every room in turn
     */
    public record Plan(List<URI> urls, int localRooms, int spreadRooms, int members, double rate, Duration warmup,
            Duration duration, Duration drain, int bodySize) {

        public Plan {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("cluster-routing: --urls a,b,c names the nodes");
            }
            if (rate <= 0) {
                throw new IllegalArgumentException("cluster-routing: --rate must be positive");
            }
            urls = List.copyOf(urls);
        }

        RoomLayout layout() {
            return new RoomLayout(urls.size(), localRooms, spreadRooms, members);
        }

        MessagePlan messages() {
            return new MessagePlan("cluster-routing", localRooms + spreadRooms, members, 0, 0, rate, warmup, duration,
                    drain, bodySize);
        }
    }

    private final RunContext ctx;
    private final Plan plan;

    public ClusterRouting(RunContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
    }

    public RunResult run() throws Exception {
        RoomLayout layout = plan.layout();
        List<Target> targets = new ArrayList<>();
        List<RestApi> actuators = new ArrayList<>();
        try {
            for (URI url : plan.urls()) {
                Target target = new Target(url, ctx.target().wsPath(), ctx.target().auth());
                targets.add(target);
                actuators.add(new RestApi(target));
            }
            BusCounters counters = new BusCounters(actuators);
            try {
                counters.read();
            } catch (IllegalStateException e) {
                throw new UnsupportedTarget(e.getMessage());
            }
            ctx.progress().note(String.format("cluster-routing: %d node(s); %d local rooms, %d spread rooms of %d "
                    + "members", targets.size(), plan.localRooms(), plan.spreadRooms(), plan.members()));
            RunResult result = new MessageLoad(ctx, plan.messages(),
                    session -> targets.get(layout.nodeOf(session)), counters).run();
            return result.withRouting(RoutingShares.of(layout, plan.urls().stream().map(URI::toString).toList(),
                    counters.sendsByRoom(), counters.received(), counters.published(), counters.seconds()));
        } finally {
            actuators.forEach(RestApi::close);
        }
    }

    /** The nodes' bus counters and the SENDs per room at the two edges of the measurement window. */
    private static final class BusCounters implements TrafficDriver.WindowListener {

        private final List<RestApi> actuators;
        private final long[][] at = new long[2][];
        private final long[][] publishedAt = new long[2][];
        private final long[][] sendsAt = new long[2][];
        private final long[] nanosAt = new long[2];

        BusCounters(List<RestApi> actuators) {
            this.actuators = actuators;
        }

        @Override
        public void atEdge(boolean closing, long[] sentByRoom) {
            int edge = closing ? 1 : 0;
            nanosAt[edge] = System.nanoTime();
            sendsAt[edge] = sentByRoom;
            long[][] reading = read();
            at[edge] = reading[0];
            publishedAt[edge] = reading[1];
        }

        /** {received, published} per node; refuses a node without the counters (not in Redis cluster mode). */
        long[][] read() {
            long[][] reading = new long[2][actuators.size()];
            for (int node = 0; node < actuators.size(); node++) {
                reading[0][node] = count(node, RECEIVED);
                reading[1][node] = count(node, PUBLISHED);
            }
            return reading;
        }

        private long count(int node, String name) {
            OptionalDouble value = actuators.get(node).count(name);
            if (value.isEmpty()) {
                throw new IllegalStateException("node " + (node + 1) + " has no /actuator/metrics/" + name
                        + ": not running in cluster mode on Redis, or its Actuator is on another port");
            }
            return Math.round(value.getAsDouble());
        }

        long[] received() {
            return difference(at);
        }

        long[] published() {
            return difference(publishedAt);
        }

        long[] sendsByRoom() {
            return difference(sendsAt);
        }

        double seconds() {
            return (nanosAt[1] - nanosAt[0]) / 1e9;
        }

        private static long[] difference(long[][] edges) {
            long[] difference = new long[edges[1].length];
            for (int i = 0; i < difference.length; i++) {
                difference[i] = edges[1][i] - edges[0][i];
            }
            return difference;
        }
    }
}

package io.chatplatform.bench.scenario;

import io.chatplatform.bench.report.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of {@code cluster-routing}: each node's share of the cluster's Redis traffic against the share its
 * sessions need. A node that routes by interest hears the rooms it has members of (its own messages come back to it
 * too); one that hears everything has a share of 100 % whatever its rooms.
 */
final class RoutingShares {

    private RoutingShares() {
    }

    /**
     * @param sendsByRoom SENDs per room index in the window
     * @param received    per node, {@code chat.cluster.bus.received} in the window
     * @param published   per node, {@code chat.cluster.bus.published} in the window
     */
    static RunResult.Routing of(RoomLayout layout, List<String> urls, long[] sendsByRoom, long[] received,
            long[] published, double seconds) {
        long sends = 0;
        for (long each : sendsByRoom) {
            sends += each;
        }
        long allPublished = 0;
        for (long each : published) {
            allPublished += each;
        }
        List<RunResult.NodeShare> nodes = new ArrayList<>();
        for (int node = 0; node < layout.nodes(); node++) {
            double share = ratio(received[node], allPublished);
            double expected = ratio(sendsInto(layout, node, sendsByRoom), sends);
            nodes.add(new RunResult.NodeShare(urls.get(node), layout.localRoomsOn(node), layout.roomsOn(node),
                    received[node], Connector.round(received[node] / seconds), published[node], round4(share),
                    round4(expected), share < 0 || expected <= 0 ? -1 : Connector.round(share / expected)));
        }
        return new RunResult.Routing(layout.localRooms(), layout.spreadRooms(), Connector.round(seconds), sends,
                allPublished, Connector.round(allPublished / seconds), nodes);
    }

    private static long sendsInto(RoomLayout layout, int node, long[] sendsByRoom) {
        long sends = 0;
        for (int room = 0; room < sendsByRoom.length; room++) {
            if (layout.hasMembersOn(room, node)) {
                sends += sendsByRoom[room];
            }
        }
        return sends;
    }

    private static double ratio(long part, long whole) {
        return whole <= 0 ? -1 : (double) part / whole;
    }

    private static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}

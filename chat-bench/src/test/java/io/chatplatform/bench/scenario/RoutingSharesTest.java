package io.chatplatform.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.bench.report.RunResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingSharesTest {

    private static final List<String> URLS = List.of("http://a", "http://b", "http://c");
    private final RoomLayout layout = new RoomLayout(3, 300, 30, 4);

    @Test
    void aNodeThatHearsOnlyItsRoomsMatchesItsExpectedShare() {
        long[] sends = evenly(330, 10);
        // 3,300 messages, each published once by its sender's node; each node hears its 100 local + 30 spread rooms
        RunResult.Routing routing = RoutingShares.of(layout, URLS, sends, new long[] {1300, 1300, 1300},
                new long[] {1100, 1100, 1100}, 2.0);

        assertThat(routing.sends()).isEqualTo(3300);
        assertThat(routing.published()).isEqualTo(3300);
        assertThat(routing.publishedPerSec()).isEqualTo(1650);
        RunResult.NodeShare first = routing.nodes().get(0);
        assertThat(first.url()).isEqualTo("http://a");
        assertThat(first.rooms()).isEqualTo(130);
        assertThat(first.localRooms()).isEqualTo(100);
        assertThat(first.receivedPerSec()).isEqualTo(650);
        assertThat(first.share()).isEqualTo(0.3939);
        assertThat(first.expectedShare()).isEqualTo(0.3939);
        assertThat(first.ratio()).isEqualTo(1.0);
        assertThat(routing.maxRatio()).isEqualTo(1.0);
    }

    @Test
    void aNodeThatHearsEverythingIsTwoAndAHalfTimesOverItsShare() {
        RunResult.Routing routing = RoutingShares.of(layout, URLS, evenly(330, 10), new long[] {3300, 1300, 1300},
                new long[] {1100, 1100, 1100}, 1.0);

        assertThat(routing.nodes().get(0).share()).isEqualTo(1.0);
        assertThat(routing.nodes().get(0).ratio()).isEqualTo(2.54);
        assertThat(routing.maxRatio()).isEqualTo(2.54);
    }

    @Test
    void theExpectedShareFollowsTheSendsActuallyMadeIntoTheNodesRooms() {
        long[] sends = new long[330];
        sends[0] = 90; // a local room of node 1 (index 0)
        sends[1] = 10; // a local room of node 2
        RunResult.Routing routing = RoutingShares.of(layout, URLS, sends, new long[] {90, 10, 0},
                new long[] {90, 10, 0}, 1.0);

        assertThat(routing.nodes().get(0).expectedShare()).isEqualTo(0.9);
        assertThat(routing.nodes().get(1).expectedShare()).isEqualTo(0.1);
        assertThat(routing.nodes().get(2).expectedShare()).isZero();
        assertThat(routing.nodes().get(2).ratio()).as("no rooms carried traffic: no ratio").isEqualTo(-1);
        assertThat(routing.maxRatio()).isEqualTo(1.0);
    }

    private static long[] evenly(int rooms, long each) {
        long[] sends = new long[rooms];
        Arrays.fill(sends, each);
        return sends;
    }
}

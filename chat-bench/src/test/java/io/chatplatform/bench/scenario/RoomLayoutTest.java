package io.chatplatform.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RoomLayoutTest {

    private final RoomLayout layout = new RoomLayout(3, 300, 30, 4);

    @Test
    void everyMemberOfALocalRoomConnectsToTheRoomsNode() {
        for (int room = 0; room < 300; room++) {
            for (int member = 0; member < 4; member++) {
                assertThat(layout.nodeOf(room * 4 + member)).isEqualTo(room % 3);
            }
        }
        assertThat(layout.localRoomsOn(0)).isEqualTo(100);
        assertThat(layout.localRoomsOn(2)).isEqualTo(100);
    }

    @Test
    void aSpreadRoomHasMembersOnEveryNodeAndItsOwnerTakesTurns() {
        for (int room = 300; room < 330; room++) {
            Set<Integer> nodes = new TreeSet<>();
            for (int member = 0; member < 4; member++) {
                nodes.add(layout.nodeOf(room * 4 + member));
            }
            assertThat(nodes).containsExactly(0, 1, 2);
        }
        assertThat(layout.nodeOf(300 * 4)).isEqualTo(0);
        assertThat(layout.nodeOf(301 * 4)).isEqualTo(1);
    }

    @Test
    void aNodeHasMembersInItsLocalRoomsAndEverySpreadRoom() {
        assertThat(layout.roomsOn(1)).isEqualTo(130);
        assertThat(layout.hasMembersOn(4, 1)).isTrue();
        assertThat(layout.hasMembersOn(4, 0)).isFalse();
        assertThat(layout.hasMembersOn(301, 0)).isTrue();
    }

    @Test
    void hasMembersOnAgreesWithNodeOfWhenSpreadRoomsHaveFewerMembersThanNodes() {
        RoomLayout wide = new RoomLayout(5, 7, 10, 5);
        RoomLayout narrow = new RoomLayout(5, 7, 0, 2);
        for (RoomLayout each : new RoomLayout[] {wide, narrow}) {
            for (int room = 0; room < each.rooms(); room++) {
                Set<Integer> nodes = new TreeSet<>();
                for (int member = 0; member < each.members(); member++) {
                    nodes.add(each.nodeOf(room * each.members() + member));
                }
                for (int node = 0; node < each.nodes(); node++) {
                    assertThat(each.hasMembersOn(room, node)).as("room %d node %d", room, node)
                            .isEqualTo(nodes.contains(node));
                }
            }
        }
        assertThat(new RoomLayout(5, 7, 0, 2).localRoomsOn(1)).isEqualTo(2);
        assertThat(new RoomLayout(5, 7, 0, 2).localRoomsOn(2)).isEqualTo(1);
    }

    @Test
    void oneNodeHoldsEverything() {
        RoomLayout single = new RoomLayout(1, 300, 30, 4);
        assertThat(single.roomsOn(0)).isEqualTo(330);
        assertThat(single.nodeOf(329 * 4 + 3)).isZero();
    }

    @Test
    void spreadRoomsNeedAMemberForEveryNode() {
        assertThatThrownBy(() -> new RoomLayout(3, 300, 30, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--members");
        assertThat(new RoomLayout(3, 300, 0, 2).sessions()).isEqualTo(600);
    }
}

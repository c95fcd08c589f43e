package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomLogTest {

    private static final long ROOM = 42;

    private final List<Frame> delivered = new ArrayList<>();
    private final List<Long> syncs = new ArrayList<>();
    private final List<String> gaps = new ArrayList<>();
    private final List<Long> caughtUp = new ArrayList<>();
    private boolean connected = true;

    private final RoomLog log = new RoomLog(new RoomLog.Sink() {
        @Override
        public void deliver(Frame change) {
            delivered.add(change);
        }

        @Override
        public boolean requestSync(long roomId, long afterRev) {
            if (connected) {
                syncs.add(afterRev);
            }
            return connected;
        }

        @Override
        public void gap(long roomId, long have, long seen) {
            gaps.add(have + "<" + seen);
        }

        @Override
        public void caughtUp(long roomId, long rev) {
            caughtUp.add(rev);
        }
    }, 5);

    private static Frame change(String type, long rev) {
        return Frame.of("type", type, "roomId", ROOM, "rev", rev, "messageId", 100 + rev);
    }

    private static Frame page(long rev, boolean hasMore, Frame... changes) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Frame change : changes) {
            entries.add(change.asMap());
        }
        return Frame.of("type", "CHANGES", "roomId", ROOM, "changes", entries, "hasMore", hasMore, "rev", rev);
    }

    private List<Long> deliveredRevs() {
        return delivered.stream().map(f -> f.longValue("rev")).toList();
    }

    @Test
    void liveChangesInOrderAreDeliveredAndDuplicatesDropped() {
        log.follow(ROOM, 0);
        log.offer(change("MESSAGE", 1));
        log.offer(change("MESSAGE", 2));
        log.offer(change("MESSAGE", 2));
        log.offer(change("MESSAGE", 1));
        log.offer(change("REACTION", 3));

        assertThat(deliveredRevs()).containsExactly(1L, 2L, 3L);
        assertThat(syncs).isEmpty();
        assertThat(log.rev(ROOM)).isEqualTo(3);
    }

    @Test
    void aFrameSlightlyAheadWaitsForTheMissingOneAndBothGoInRevOrder() {
        log.follow(ROOM, 0);
        log.offer(change("MESSAGE", 1));
        log.offer(change("MESSAGE_UPDATED", 3)); // overtook rev 2
        assertThat(deliveredRevs()).containsExactly(1L);
        assertThat(gaps).containsExactly("1<3");
        assertThat(syncs).containsExactly(1L);

        log.offer(change("MESSAGE", 2));  // held too, since a SYNC is under way
        log.changes(page(3, false, change("MESSAGE", 2), change("MESSAGE_UPDATED", 3)));

        assertThat(deliveredRevs()).containsExactly(1L, 2L, 3L);
        assertThat(delivered.get(1).replayed()).isTrue();
        assertThat(delivered.get(0).replayed()).isFalse();
        assertThat(caughtUp).endsWith(3L);
    }

    @Test
    void changesPagesArePagedOnWhileHasMoreThenHeldFramesStillAheadAreDelivered() {
        log.follow(ROOM, 5);
        log.sync(ROOM);
        log.offer(change("MESSAGE", 9));
        log.offer(change("MESSAGE", 12));

        log.changes(page(7, true, change("MESSAGE", 6), change("MESSAGE", 7)));
        assertThat(syncs).containsExactly(5L, 7L);
        log.changes(page(10, false, change("MESSAGE", 8), change("MESSAGE", 9), change("REACTION", 10)));

        // 9 came twice (held live, then in the page): once only; 12 is still ahead of 11, so another catch-up
        assertThat(deliveredRevs()).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(syncs).containsExactly(5L, 7L, 10L);
        log.changes(page(12, false, change("MESSAGE", 11), change("MESSAGE", 12)));
        assertThat(deliveredRevs()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(log.syncing(ROOM)).isFalse();
    }

    @Test
    void aCompactedPageMayLeaveHolesAndItsRevIsWhereTheRoomStands() {
        log.follow(ROOM, 0);
        log.sync(ROOM);
        // the message (rev 1) already shows its edit (rev 2) and a reaction (rev 3): the page skips them
        log.changes(page(4, false, change("MESSAGE", 1), change("ROOM_UPDATED", 4)));
        log.offer(change("MESSAGE_UPDATED", 2));
        log.offer(change("MESSAGE", 5));

        assertThat(deliveredRevs()).containsExactly(1L, 4L, 5L);
        assertThat(log.rev(ROOM)).isEqualTo(5);
    }

    @Test
    void anUnknownRoomIsFollowedFromItsFirstLiveChange() {
        log.offer(change("MESSAGE", 17));
        log.offer(change("MESSAGE", 18));
        assertThat(deliveredRevs()).containsExactly(17L, 18L);
        assertThat(syncs).isEmpty();
        assertThat(log.follows(ROOM)).isTrue();
    }

    @Test
    void aRoomFollowedFromALiveFrameIsCaughtUpFromItsStartWhenTheApplicationFollowsItEachChangeOnce() {
        log.offer(change("MESSAGE", 17)); // overtook the application's sync just after connecting
        log.offer(change("MESSAGE", 18));

        assertThat(log.followByApplication(ROOM, 0)).isTrue();
        assertThat(log.sync(ROOM)).isTrue();
        assertThat(syncs).containsExactly(0L);
        log.offer(change("MESSAGE", 19)); // live, while the catch-up is under way: held
        log.changes(page(18, true, change("MESSAGE", 1), change("MESSAGE", 16), change("MESSAGE", 17),
                change("MESSAGE", 18)));
        log.changes(page(19, false, change("MESSAGE", 19)));

        assertThat(deliveredRevs()).containsExactly(17L, 18L, 1L, 16L, 19L);
        assertThat(syncs).containsExactly(0L, 18L);
        assertThat(log.rev(ROOM)).isEqualTo(19);
        log.offer(change("MESSAGE", 18)); // a late duplicate
        log.offer(change("MESSAGE", 20));
        assertThat(deliveredRevs()).containsExactly(17L, 18L, 1L, 16L, 19L, 20L);
        assertThat(log.followByApplication(ROOM, 0)).as("followed by the application now").isFalse();
    }

    @Test
    void aReBaseDuringACatchUpIgnoresThePageAskedBeforeIt() {
        log.offer(change("MESSAGE", 17));
        log.offer(change("MESSAGE", 19)); // a gap: SYNC after 17
        assertThat(syncs).containsExactly(17L);

        assertThat(log.followByApplication(ROOM, 0)).isTrue();
        log.changes(page(19, false, change("MESSAGE", 18), change("MESSAGE", 19))); // after 17: ignored
        assertThat(syncs).containsExactly(17L, 0L);
        log.changes(page(19, false, change("MESSAGE", 16), change("MESSAGE", 17), change("MESSAGE", 18),
                change("MESSAGE", 19)));

        assertThat(deliveredRevs()).containsExactly(17L, 16L, 18L, 19L);
        assertThat(caughtUp).containsExactly(17L, 19L);
    }

    @Test
    void aRoomTheApplicationFollowsIsNotReBased() {
        log.follow(ROOM, 16);
        log.offer(change("MESSAGE", 17));
        assertThat(log.followByApplication(ROOM, 0)).isFalse();
        assertThat(log.rev(ROOM)).isEqualTo(17);
    }

    @Test
    void afterAResetHeldFramesAreDroppedAndTheNextSyncStartsFromTheLastDeliveredRev() {
        log.follow(ROOM, 0);
        log.offer(change("MESSAGE", 1));
        log.offer(change("MESSAGE", 4));
        assertThat(log.syncing(ROOM)).isTrue();

        log.reset();                       // the connection went before CHANGES came
        connected = false;
        log.offer(change("MESSAGE", 3));   // not connected: held, the SYNC cannot go
        connected = true;
        log.syncAll();

        assertThat(syncs).containsExactly(1L, 1L);
        log.changes(page(4, false, change("MESSAGE", 2), change("MESSAGE", 3), change("MESSAGE", 4)));
        assertThat(deliveredRevs()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void tooManyHeldFramesAreDroppedForTheSyncThatCoversThem() {
        log.follow(ROOM, 0);
        for (long rev = 2; rev <= 9; rev++) {
            log.offer(change("MESSAGE", rev));
        }
        log.changes(page(9, false, change("MESSAGE", 1), change("MESSAGE", 2), change("MESSAGE", 3),
                change("MESSAGE", 4), change("MESSAGE", 5), change("MESSAGE", 6), change("MESSAGE", 7),
                change("MESSAGE", 8), change("MESSAGE", 9)));
        assertThat(deliveredRevs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aForgottenRoomIgnoresALateChangesPage() {
        log.follow(ROOM, 0);
        log.sync(ROOM);
        log.forget(ROOM);
        log.changes(page(3, false, change("MESSAGE", 1)));
        assertThat(delivered).isEmpty();
        assertThat(log.follows(ROOM)).isFalse();
    }

    @Test
    void changesEntriesGetTheirRoomIdAndOnlyChangeFramesWithRevCount() {
        Frame entry = Frame.of("type", "MESSAGE", "rev", 1L);
        log.follow(ROOM, 0);
        log.sync(ROOM);
        log.changes(Frame.of("type", "CHANGES", "roomId", ROOM, "changes", List.of(entry.asMap()), "hasMore", false,
                "rev", 1L));
        assertThat(delivered.get(0).longValue("roomId")).isEqualTo(ROOM);
        assertThat(RoomLog.isChange(change("MESSAGE", 1))).isTrue();
        assertThat(RoomLog.isChange(Frame.of("type", "TYPING", "roomId", ROOM))).isFalse();
        assertThat(RoomLog.isChange(Frame.of("type", "MESSAGE", "roomId", ROOM))).isFalse();
    }
}

package io.chatplatform.domain.posting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Message ids drawn by two inserters, as two nodes do, from the one sequence. */
@SpringBootTest
class MessageInsertsTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twoInsertersNeverHandOutTheSameIdAndEachCountsUpInsideItsBlock() {
        MessageInserts one = new MessageInserts(jdbc);
        MessageInserts other = new MessageInserts(jdbc);
        List<Long> fromOne = new ArrayList<>();
        List<Long> fromOther = new ArrayList<>();

        for (int i = 0; i < 3 * MessageInserts.ID_BLOCK; i++) {
            fromOne.add(one.nextId());
            fromOther.add(other.nextId());
        }

        Set<Long> all = new HashSet<>(fromOne);
        all.addAll(fromOther);
        assertThat(all).hasSize(6 * MessageInserts.ID_BLOCK).allMatch(id -> id > 0);
        assertThat(fromOne.subList(0, MessageInserts.ID_BLOCK)).isSorted()
                .last().isEqualTo(fromOne.get(0) + MessageInserts.ID_BLOCK - 1);
    }
}

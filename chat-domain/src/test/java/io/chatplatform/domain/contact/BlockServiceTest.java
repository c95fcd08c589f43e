package io.chatplatform.domain.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.user.AccountDeleted;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs without a test transaction: {@link BlockService#block} commits on its own, as behind the REST call. */
@DataJpaTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import({DomainConfiguration.class, BlockService.class})
@RecordApplicationEvents
class BlockServiceTest {

    static final Actor XENA = new Actor("xena", Role.USER);
    static final Actor YURI = new Actor("yuri", Role.USER);

    @Autowired
    BlockService blocks;

    @Autowired
    BlockRepository repository;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    ApplicationEvents events;

    @Autowired
    PlatformTransactionManager transactionManager;

    @AfterEach
    void forgetBlocks() {
        repository.deleteAll();
    }

    @Test
    void blockingTwiceStoresOneBlockAndAnnouncesItOnce() {
        blocks.block(XENA, "yuri");
        blocks.block(XENA, "yuri");

        assertThat(blocks.blocksOf(XENA)).extracting(BlockView::userId).containsExactly("yuri");
        assertThat(events.stream(UserBlocked.class)).containsExactly(new UserBlocked("xena", "yuri"));
    }

    @Test
    void aBlockIsOneWayButClosesThePairEitherWay() {
        blocks.block(XENA, "yuri");

        assertThat(blocks.hasBlocked("xena", "yuri")).isTrue();
        assertThat(blocks.hasBlocked("yuri", "xena")).isFalse();
        assertThat(blocks.eitherBlocks("yuri", "xena")).isTrue();
        assertThat(blocks.blockedBy("xena")).containsExactly("yuri");
        assertThat(blocks.blockersOf("yuri")).containsExactly("xena");
        assertThat(blocks.blockersAmong("yuri", List.of("zoe", "xena"))).containsExactly("xena");
        assertThat(blocks.blockersAmong("yuri", List.of())).isEmpty();
    }

    @Test
    void unblockingLiftsTheBlockAndUnblockingAgainChangesNothing() {
        blocks.block(XENA, "yuri");

        blocks.unblock(XENA, "yuri");
        blocks.unblock(XENA, "yuri");

        assertThat(blocks.eitherBlocks("xena", "yuri")).isFalse();
        assertThat(blocks.blocksOf(XENA)).isEmpty();
    }

    @Test
    void nobodyBlocksThemselves() {
        assertThatThrownBy(() -> blocks.block(XENA, "xena")).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void aDeletedAccountTakesItsOwnBlocksButNotTheBlocksAgainstIt() {
        blocks.block(XENA, "yuri");
        blocks.block(YURI, "xena");

        // published inside the deleting transaction, as UserService does
        new TransactionTemplate(transactionManager)
                .executeWithoutResult(status -> publisher.publishEvent(new AccountDeleted("xena", "xena")));

        assertThat(blocks.blockedBy("xena")).isEmpty();
        assertThat(blocks.hasBlocked("yuri", "xena")).as("so registering again does not shed it").isTrue();
    }
}

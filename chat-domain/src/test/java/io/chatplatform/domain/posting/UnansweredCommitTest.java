package io.chatplatform.domain.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A commit that happened but whose answer was lost (the connection broke on the way back): the writer cannot tell,
 * tries again looking each post up, and finds it stored. Its messages were never announced (after-commit listeners
 * run only for a commit that answered), so the retry announces them: the room's members receive them live, and not
 * only when a later message makes their nodes read the gap. A message whose original was announced is not
 * announced again.
 */
@SpringBootTest(properties = "chat.messages.writer-threads=1")
class UnansweredCommitTest {

    static final AtomicBoolean LOSE_NEXT_WRITER_COMMIT_ANSWER = new AtomicBoolean();

    @Autowired
    Posting posting;

    @Autowired
    RoomService rooms;

    @Autowired
    Announced announced;

    @TestConfiguration(proxyBeanMethods = false)
    static class LosingCommitAnswers {

        /** Connections whose commit, once armed and on a message writer, commits and then fails as a broken link. */
        @Bean
        static BeanPostProcessor commitAnswerLoser() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource && !(bean instanceof DelegatingDataSource)
                            ? new LosingDataSource(dataSource) : bean;
                }
            };
        }

        @Bean
        Announced announced() {
            return new Announced();
        }
    }

    static final class LosingDataSource extends DelegatingDataSource {

        LosingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        try {
                            Object result = method.invoke(connection, args);
                            if (method.getName().equals("commit")
                                    && Thread.currentThread().getName().startsWith("message-writer-")
                                    && LOSE_NEXT_WRITER_COMMIT_ANSWER.compareAndSet(true, false)) {
                                throw new SQLException("the connection broke after the commit", "08006");
                            }
                            return result;
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    static class Announced {

        final List<MessageView> messages = new CopyOnWriteArrayList<>();

        @TransactionalEventListener(fallbackExecution = true)
        void on(MessagePosted event) {
            messages.add(event.message());
        }

        List<Long> seqsOf(Long roomId) {
            return messages.stream().filter(message -> message.roomId().equals(roomId)).map(MessageView::seq)
                    .toList();
        }
    }

    @Test
    void aPostWhoseCommitDidNotAnswerIsAnnouncedByTheAttemptThatFindsItStored() {
        Actor alice = new Actor("commit-alice-" + UUID.randomUUID(), Role.USER);
        Long roomId = rooms.create(alice, new CreateRoom("unanswered", RoomType.GROUP, List.of())).id();
        posting.post(alice, roomId, "first", "announced as usual");

        LOSE_NEXT_WRITER_COMMIT_ANSWER.set(true);
        PostResult lost = posting.post(alice, roomId, "second", "its commit did not answer");

        assertThat(LOSE_NEXT_WRITER_COMMIT_ANSWER).as("the commit's answer was lost").isFalse();
        assertThat(lost.duplicate()).as("found stored by the retry").isTrue();
        assertThat(lost.message().seq()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> announced.seqsOf(roomId).size() >= 2);

        PostResult resent = posting.post(alice, roomId, "second", "the client's resend");
        posting.post(alice, roomId, "third", "after it");

        await().atMost(Duration.ofSeconds(10)).until(() -> announced.seqsOf(roomId).contains(3L));
        assertThat(resent.duplicate()).isTrue();
        assertThat(announced.seqsOf(roomId)).as("each message announced once").containsExactly(1L, 2L, 3L);
        rooms.delete(alice, roomId);
    }
}

package io.chatplatform.faults;

import static io.chatplatform.testing.ClusterNode.rest;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.ExternalRedis;
import io.chatplatform.testing.FaultProxy;
import io.chatplatform.testing.RequiresPostgres;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes of a cluster whose PostgreSQL and Redis are each reached through a {@link FaultProxy}, and members on
 * both sending steadily while a part fails: the database away for 5 s, the database stalled, the database slow,
 * Redis restarted. Every scenario ends with the same proofs ({@link Convergence}): every SEND was answered within
 * the bound, every message is stored exactly once with its ACK's seq and id, seq has no gap, and every member's
 * view is complete after SYNC; readiness went DOWN during the fault (where it should) and UP again on its own.
 */
@RequiresPostgres
@RequiresRedis
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartFailuresIT {

    /** {@code chat.messages.store-timeout}: the default, which the issue asks about. */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);
    /**
     * What an answer may take beyond the store timeout in this test: the deadline fires on time, but its answer
     * still crosses the room's delivery thread, the session's writer and the socket, on a 2-core machine shared
     * with other builds, where a GC pause or a busy core adds hundreds of milliseconds. Generous on purpose: the
     * point is "answered, not left hanging" (before, answers took more than 8 s, or never came).
     */
    static final Duration SLACK = Duration.ofSeconds(2);
    /**
     * The documented promise: a SEND is answered within 1.5 times the store timeout of the database's last sign of
     * life (the last half is a probe's, when the probe hangs: a stall), plus the {@link #SLACK}.
     */
    static final Duration BOUND = STORE_TIMEOUT.multipliedBy(3).dividedBy(2).plus(SLACK);
    static final Duration PACE = Duration.ofMillis(40);
    /** A slow database delays ACKs (the issue sets no bound there): answered, not hanging, is what is checked. */
    static final Duration SLOW_BOUND = Duration.ofSeconds(20);

    static FaultProxy database;
    static FaultProxy redis;
    static String schemaUrl;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startTwoNodesBehindProxies() {
        schemaUrl = ExternalPostgres.newSchemaUrl();
        database = FaultProxy.forJdbcUrl(schemaUrl);
        redis = FaultProxy.forRedisUrl(ExternalRedis.url());
        String prefix = "chat-faults-" + UUID.randomUUID().toString().substring(0, 8);
        nodeA = start("node-a", prefix);
        nodeB = start("node-b", prefix);
    }

    static ConfigurableApplicationContext start(String name, String prefix) {
        return ClusterNode.startOn(redis.redisUrl(ExternalRedis.url()), name, database.jdbcUrl(schemaUrl), prefix,
                "--chat.cluster.heartbeat=500ms", "--chat.cluster.node-ttl=3s",
                "--chat.messages.store-timeout=" + STORE_TIMEOUT.toMillis() + "ms");
    }

    @AfterAll
    static void stopNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null && node.isActive()) {
                node.close();
            }
        }
        if (database != null) {
            database.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void restoreAndClose() {
        database.restore();
        redis.restore();
        clients.forEach(WsClient::close);
    }

    @Test
    @Order(1)
    void databaseOutageOfFiveSecondsDuringSteadySendsOnTwoNodes() {
        databaseFaultOfFiveSecondsIsAnsweredWithinTheBound(database::outage);
    }

    @Test
    @Order(2)
    void databaseStallIsAnsweredWithinTheBoundAndReadinessTurnsDown() {
        databaseFaultOfFiveSecondsIsAnsweredWithinTheBound(database::stall);
    }

    /** Steady sends on both nodes through 5 s of {@code fault}: answered within the bound, readiness DOWN, then UP. */
    private void databaseFaultOfFiveSecondsIsAnsweredWithinTheBound(Runnable fault) {
        Scenario scenario = Scenario.start(this);
        Readiness readiness = Readiness.watch(rest(nodeA));
        scenario.awaitAcked(10);

        long faultStarted = System.nanoTime();
        fault.run();
        scenario.awaitUnavailableAnswers(2);
        pauseDuringFault(Duration.ofSeconds(5), faultStarted);
        database.restore();
        long faultEnded = System.nanoTime();
        scenario.awaitAckedAfter(faultEnded, 10);
        scenario.stop();
        readiness.stop();

        scenario.assertConverged(BOUND);
        readiness.assertDownWithin(faultStarted, Duration.ofSeconds(5));
        readiness.assertUpAgain();
    }

    /**
     * Every answer from PostgreSQL 500 ms late, senders on both nodes: a batch (lock, insert, updates, commit) takes
     * seconds, longer than the store timeout. The writer holding the room's row lock keeps hearing from the database;
     * the other node's writer, waiting for that lock, hears nothing from its own statement for seconds, but the
     * database answers its probe, so it waits too: nothing is refused.
     */
    @Test
    @Order(3)
    void slowDatabaseOnTwoNodesDelaysAcksRefusesNothingAndLosesNothing() {
        Scenario scenario = Scenario.start(this);
        scenario.awaitAcked(10);

        long faultStarted = System.nanoTime();
        database.slow(Duration.ofMillis(500));
        pauseDuringFault(Duration.ofSeconds(8), faultStarted);
        database.restore();
        scenario.awaitAckedAfter(System.nanoTime(), 10);
        scenario.stop();

        scenario.assertConverged(SLOW_BOUND);
        assertThat(scenario.unavailableAnswers()).as("nothing that could be stored was refused").isZero();
        assertThat(scenario.slowestAckDuring(faultStarted)).as("ACKs during the slow spell came seconds later")
                .isGreaterThanOrEqualTo(1000);
    }

    @Test
    @Order(4)
    void redisRestartKeepsStoringAndEveryNodeDeliversWhatItMissedInOrder() {
        Scenario scenario = Scenario.start(this);
        Readiness readiness = Readiness.watch(rest(nodeA));
        scenario.awaitAcked(10);

        long faultStarted = System.nanoTime();
        redis.outage();
        pauseDuringFault(Duration.ofSeconds(4), faultStarted);
        redis.restore();
        long faultEnded = System.nanoTime();
        scenario.awaitAckedAfter(faultEnded, 20);
        scenario.stop();
        readiness.stop();

        scenario.assertConverged(BOUND);
        assertThat(scenario.unavailableAnswers()).as("storage went on without Redis: every SEND was ACKed").isZero();
        scenario.assertLiveDeliveryComplete();
        readiness.assertDownWithin(faultStarted, Duration.ofSeconds(5));
        readiness.assertUpAgain();
    }

    /** The fault lasts this long from its start: the senders go on meanwhile; nothing here waits for the server. */
    private static void pauseDuringFault(Duration length, long startedNanos) {
        long left = length.toMillis() - (System.nanoTime() - startedNanos) / 1_000_000;
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    WsClient chat(ConfigurableApplicationContext node, String userId) {
        WsClient client = ClusterNode.chat(node, token(userId));
        clients.add(client);
        return client;
    }

    static String token(String userId) {
        return ClusterNode.token(nodeA, userId);
    }
}

package io.chatplatform.domain.posting;

import io.chatplatform.domain.DomainTestApplication;
import io.chatplatform.domain.posting.RoomPosting.LockedRoom;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.Room;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Locking the rooms of a batch of posts and writing back their counters, as the message writer does for every
 * batch. {@code jdbc} is {@link RoomPosting#lock}: one {@code id = any(?)} statement of a fixed shape. {@code jpa}
 * is how it was done before: a JPQL {@code in :ids} query with a pessimistic lock, which Hibernate translates
 * again for every call (it does not cache queries with list parameters) into SQL that H2 parses again for every
 * list length. Both then number one message per room and write the counters back the same way. Each invocation takes
 * the next of a few batch sizes (1 to {@code maxRooms}), as a busy writer's batches vary. Embedded in-memory H2
 * under the domain's test configuration. Run {@link #main} with JMH options.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RoomLockBenchmark {

    @Param("64")
    public int maxRooms;

    ConfigurableApplicationContext context;
    RoomPosting posting;
    EntityManager entityManager;
    TransactionTemplate transactions;
    List<List<Long>> batches;
    int next;

    @Setup
    public void setUp() {
        context = new SpringApplicationBuilder(DomainTestApplication.class).run("--logging.level.root=WARN");
        posting = context.getBean(RoomPosting.class);
        entityManager = context.getBean(EntityManager.class);
        transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        RoomService rooms = context.getBean(RoomService.class);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < maxRooms; i++) {
            ids.add(rooms.create(new Actor("bench-owner", Role.USER),
                    new CreateRoom("bench " + i, RoomType.GROUP, List.of())).id());
        }
        batches = new ArrayList<>();
        for (int size = 1; size <= maxRooms; size = size * 2 + 1) {
            batches.add(ids.subList(0, size));
        }
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    private List<Long> nextBatch() {
        next = (next + 1) % batches.size();
        return batches.get(next);
    }

    @Benchmark
    public long jdbc() {
        List<Long> ids = nextBatch();
        return transactions.execute(status -> numberAndSave(posting.lock(ids).values()));
    }

    @Benchmark
    public long jpa() {
        List<Long> ids = nextBatch();
        return transactions.execute(status -> {
            List<LockedRoom> locked = new ArrayList<>();
            for (Room room : entityManager
                    .createQuery("select r from Room r where r.id in :ids order by r.id", Room.class)
                    .setParameter("ids", ids).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
                locked.add(new LockedRoom(room.getId(), room.getType(), room.getLastSeq(),
                        room.getMembershipVersion(), room.getLastRev()));
            }
            return numberAndSave(locked);
        });
    }

    /** One message per room, counters written back: the same for both, so only the lock differs. */
    private long numberAndSave(Collection<LockedRoom> locked) {
        long seqs = 0;
        for (LockedRoom room : locked) {
            seqs += room.nextSeq();
        }
        posting.saveLastSeqs(locked);
        return seqs;
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(RoomLockBenchmark.class.getName()).build()).run();
    }
}

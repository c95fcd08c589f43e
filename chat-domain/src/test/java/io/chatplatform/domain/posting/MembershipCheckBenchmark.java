package io.chatplatform.domain.posting;

import io.chatplatform.domain.DomainTestApplication;
import io.chatplatform.domain.posting.RoomPosting.LockedRoom;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.ArrayList;
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
 * The membership check of a batch of posts, as the message writer does it: one transaction locks the room, then
 * checks every sender. {@code remembered} answers from what {@link RoomPosting} remembers for the room's
 * membership version; {@code askTheDatabase} runs one primary-key query per sender, as every post did before.
 * Embedded in-memory H2 under the domain's test configuration. Run {@link #main} with JMH options.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MembershipCheckBenchmark {

    @Param("10")
    public int senders;

    ConfigurableApplicationContext context;
    RoomPosting posting;
    TransactionTemplate transactions;
    Long roomId;
    List<String> members;

    @Setup
    public void setUp() {
        context = new SpringApplicationBuilder(DomainTestApplication.class).run("--logging.level.root=WARN");
        posting = context.getBean(RoomPosting.class);
        transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        members = new ArrayList<>();
        for (int i = 1; i < senders; i++) {
            members.add("bench-member-" + i);
        }
        roomId = context.getBean(RoomService.class)
                .create(new Actor("bench-owner", Role.USER), new CreateRoom("bench", RoomType.GROUP, members)).id();
        members.add("bench-owner");
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public int remembered() {
        return checkAll(false);
    }

    @Benchmark
    public int askTheDatabase() {
        return checkAll(true);
    }

    private int checkAll(boolean askTheDatabase) {
        return transactions.execute(status -> {
            LockedRoom room = posting.lock(List.of(roomId)).get(roomId);
            int found = 0;
            for (String userId : members) {
                found += posting.isMember(room, userId, askTheDatabase) ? 1 : 0;
            }
            return found;
        });
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(MembershipCheckBenchmark.class.getName()).build()).run();
    }
}

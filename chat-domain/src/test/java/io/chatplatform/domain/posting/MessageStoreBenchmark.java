package io.chatplatform.domain.posting;

import io.chatplatform.domain.DomainTestApplication;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * What the message writer can store per second on file-backed H2, the embedded default, through the real posting
 * path ({@link Posting#postAsync}: room lock, membership check, numbering, insert, counters, the sender's read marker,
 * commit). The rooms are those of {@code chat-bench rooms}: 200 rooms of 10 members, each post from a random member of
 * a random room, 64-character bodies; {@code window} posts are kept waiting, so the writer is never idle and forms its
 * own batches, as on a saturated server. One operation is one stored (ACKed) message.
 *
 * <p>Three knobs for finding where the time goes; none is a setting the server ships with:
 * <ul>
 *   <li>{@code writeDelay}: H2's {@code WRITE_DELAY}. 0 is the server's: every commit is written to the file before
 *   the ACK, so a killed process loses nothing ACKed. 500 is H2's own default (commits written in the background,
 *   what a crash may lose): the difference is what writing each commit costs.</li>
 *   <li>{@code indexes}: {@code shipped}; {@code withRev}, which adds back the index by {@code (room_id, rev)} that
 *   SYNC by rev used until migration V11 (what it cost); {@code withoutThread}, which drops the index of thread
 *   reads (what that one costs).</li>
 *   <li>{@code h2Settings}: more settings for H2's URL, such as {@code PAGE_SIZE=8192} or
 *   {@code AUTO_COMPACT_FILL_RATE=0}; {@code none} adds nothing.</li>
 * </ul>
 * Run {@link #main} with JMH options; docs/benchmarks/message-store.md has the command and results.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class MessageStoreBenchmark {

    private static final int ROOMS = 200;
    private static final int MEMBERS = 10;
    private static final String BODY = "x".repeat(64);

    @Param({"0", "500"})
    public int writeDelay;

    @Param({"shipped", "withRev", "withoutThread"})
    public String indexes;

    @Param("64")
    public int window;

    @Param("none")
    public String h2Settings;

    Path dataDir;
    ConfigurableApplicationContext context;
    Posting posting;
    final List<Long> roomIds = new ArrayList<>();
    final ArrayDeque<CompletableFuture<PostResult>> waiting = new ArrayDeque<>();
    final SplittableRandom random = new SplittableRandom(42);
    long posts;

    @Setup
    public void setUp() throws IOException {
        dataDir = Files.createTempDirectory("message-store-bench");
        context = new SpringApplicationBuilder(DomainTestApplication.class).run("--logging.level.root=WARN",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("chat")
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=" + writeDelay
                        + ("none".equals(h2Settings) ? "" : ";" + h2Settings));
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        switch (indexes) {
            case "shipped" -> { }
            case "withRev" -> jdbc.execute("create index messages_room_rev_idx on messages (room_id, rev)");
            case "withoutThread" -> jdbc.execute("drop index messages_thread_idx");
            default -> throw new IllegalArgumentException("indexes: shipped, withRev or withoutThread, not " + indexes);
        }
        posting = context.getBean(Posting.class);
        RoomService rooms = context.getBean(RoomService.class);
        for (int r = 0; r < ROOMS; r++) {
            List<String> members = new ArrayList<>();
            for (int m = 1; m < MEMBERS; m++) {
                members.add(member(r, m));
            }
            roomIds.add(rooms.create(new Actor(member(r, 0), Role.USER),
                    new CreateRoom("bench " + r, RoomType.GROUP, members)).id());
        }
    }

    private static String member(int room, int member) {
        return "bench-" + room + "-" + member;
    }

    @Benchmark
    public void post() {
        if (waiting.size() >= window) {
            waiting.poll().join();
        }
        int room = random.nextInt(ROOMS);
        Actor sender = new Actor(member(room, random.nextInt(MEMBERS)), Role.USER);
        waiting.add(posting.postAsync(sender, new Post(roomIds.get(room), "c" + posts++, BODY)));
    }

    /** Every post of an iteration ACKed within it, so none is counted in the next. */
    @TearDown(Level.Iteration)
    public void awaitAcks() {
        while (!waiting.isEmpty()) {
            waiting.poll().join();
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        context.close();
        FileSystemUtils.deleteRecursively(dataDir);
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(MessageStoreBenchmark.class.getName()).build()).run();
    }
}

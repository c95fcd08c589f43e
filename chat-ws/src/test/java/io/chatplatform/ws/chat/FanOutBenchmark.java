package io.chatplatform.ws.chat;

import io.chatplatform.ws.protocol.FrameCodec;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost of turning one posted message into the text its room's sessions receive: encoded once per event (what
 * {@link RoomBroadcaster} does) against once per recipient (the simple way), for a room of {@code recipients}.
 * Run: see docs/benchmarks/fanout-encoding.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FanOutBenchmark {

    @Param({"10", "1000"})
    int recipients;

    FrameCodec codec;
    MessageFrame frame;

    @Setup
    public void setUp() {
        codec = new FrameCodec(JsonMapper.builder().build());
        frame = new MessageFrame(42L, 1_000_001L, 123_456L, "alice-7f3a", "c-0b9f2e7d-1111-4c2a-9d43-6a1c",
                "Lunch at noon? The usual place, I'll book a table for six. \uD83C\uDF55", Instant.now(), null, null, null, null, null, null, null, null, null);
    }

    /** Messages per second a room can be told of when the frame is encoded once per event. */
    @Benchmark
    public void encodeOncePerEvent(Blackhole sessions) {
        String text = codec.encode(frame);
        for (int i = 0; i < recipients; i++) {
            sessions.consume(text);
        }
    }

    /** The same, encoding the frame again for every recipient. */
    @Benchmark
    public void encodePerRecipient(Blackhole sessions) {
        for (int i = 0; i < recipients; i++) {
            sessions.consume(codec.encode(frame));
        }
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(FanOutBenchmark.class.getName()).build()).run();
    }
}

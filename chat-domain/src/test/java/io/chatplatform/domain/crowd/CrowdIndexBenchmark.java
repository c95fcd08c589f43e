package io.chatplatform.domain.crowd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Location updates per second through the crowd index: 10,000 users moving around a 10 km x 10 km city with 100
 * zones of 100 to 500 m radius (about a quarter of the city is inside some zone), zone counts and alerts live.
 * The rate limit is off so that every update does the full work. Run {@link #main} with JMH options, e.g.
 * {@code -t 2} for two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CrowdIndexBenchmark {

    static final double CITY_LAT = 48.80;
    static final double CITY_LNG = 2.25;
    /** 10 km north-south; east-west the same distance at this latitude. */
    static final double CITY_DLAT = Geo.degreesOfLatitude(10_000);
    static final double CITY_DLNG = CITY_DLAT / Math.cos(Math.toRadians(CITY_LAT));
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Param("10000")
    public int users;

    @Param("100")
    public int zones;

    CrowdIndex index;
    String[] userIds;
    final LongAdder events = new LongAdder();

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        index = new CrowdIndex(0.2, event -> events.increment());
        List<CrowdZone> definitions = new ArrayList<>();
        for (int i = 0; i < zones; i++) {
            definitions.add(new CrowdZone(i + 1, CITY_LAT + random.nextDouble() * CITY_DLAT,
                    CITY_LNG + random.nextDouble() * CITY_DLNG, 100 + random.nextDouble() * 400,
                    20 + random.nextInt(30)));
        }
        index.setZones(definitions);
        userIds = new String[users];
        for (int i = 0; i < users; i++) {
            userIds[i] = "user-" + i;
            index.update(userIds[i], CITY_LAT + random.nextDouble() * CITY_DLAT,
                    CITY_LNG + random.nextDouble() * CITY_DLNG, NOW);
        }
    }

    /** Each benchmark thread draws its own users and positions. */
    @State(Scope.Thread)
    public static class Walker {

        final SplittableRandom random = new SplittableRandom();
    }

    @Benchmark
    public boolean locationUpdate(Walker walker) {
        SplittableRandom random = walker.random;
        String userId = userIds[random.nextInt(userIds.length)];
        double lat = CITY_LAT + random.nextDouble() * CITY_DLAT;
        double lng = CITY_LNG + random.nextDouble() * CITY_DLNG;
        index.update(userId, lat, lng, NOW);
        return true;
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(CrowdIndexBenchmark.class.getName()).build()).run();
    }
}

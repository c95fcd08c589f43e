package io.chatplatform.bench;

import io.chatplatform.bench.cli.Args;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.scenario.Backoff;
import io.chatplatform.bench.scenario.ClusterRouting;
import io.chatplatform.bench.scenario.CrowdLoad;
import io.chatplatform.bench.scenario.Handshakes;
import io.chatplatform.bench.scenario.IdleConnections;
import io.chatplatform.bench.scenario.MessageLoad;
import io.chatplatform.bench.scenario.MessagePlan;
import io.chatplatform.bench.scenario.Reconnect;
import io.chatplatform.bench.scenario.RunContext;
import io.chatplatform.bench.scenario.SyncCatchUp;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A scenario name with its defaults, overridable by options.
 *
 * @param connectConcurrency the default of {@code --connect-concurrency} for this scenario
 * @param defaultMaxTime     long enough for set-up, the run and the drain; the watchdog ends the process after it
 */
record Scenario(int connectConcurrency, Duration defaultMaxTime, Runner runner) {

    /** Runs the scenario against the context's target. */
    interface Runner {
        RunResult run(RunContext ctx) throws Exception;
    }

    private static final int CONNECT_CONCURRENCY = 64;

    static Scenario parse(String name, Args args) {
        Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
        Duration duration = args.duration("duration", Duration.ofSeconds(20));
        Duration drain = args.duration("drain", Duration.ofSeconds(15));
        int body = args.integer("body-size", 64);
        return switch (name) {
            case "fanout" -> messages(new MessagePlan("fanout", args.integer("rooms", 1),
                    args.integer("members", 1000), args.integer("senders", 4), args.integer("window", 16), 0,
                    warmup, duration, drain, body));
            case "rooms" -> messages(new MessagePlan("rooms", args.integer("rooms", 200),
                    args.integer("members", 10), 0, 0, args.decimal("rate", 2000), warmup, duration, drain, body));
            case "store" -> messages(new MessagePlan("store", args.integer("rooms", 64),
                    args.integer("members", 2), args.integer("senders", 1), args.integer("window", 8), 0, warmup,
                    duration, drain, body));
            case "connections" -> {
                IdleConnections.Plan plan = new IdleConnections.Plan(args.integer("connections", 15_000),
                        duration, args.duration("settle", Duration.ofSeconds(10)),
                        args.duration("ping-interval", Duration.ofSeconds(10)));
                yield new Scenario(CONNECT_CONCURRENCY, plan.hold().plus(plan.settle())
                        .plusSeconds(180 + plan.connections() / 50), ctx -> new IdleConnections(ctx, plan).run());
            }
            case "connect" -> {
                Handshakes.Plan plan = new Handshakes.Plan(args.integer("connections", 10_000),
                        args.flag("close-on-ready"));
                yield new Scenario(200, Duration.ofSeconds(180 + plan.connections() / 50),
                        ctx -> new Handshakes(ctx, plan).run());
            }
            case "reconnect" -> {
                Reconnect.Plan plan = new Reconnect.Plan(args.integer("clients", 10_000), args.integer("members", 10),
                        args.decimal("rate", 500), args.duration("before", Duration.ofSeconds(5)),
                        args.string("restart-command", null),
                        backoff(args),
                        args.duration("catch-up-timeout", Duration.ofSeconds(120)), args.integer("sync-limit", 200),
                        body);
                Duration maxTime = plan.before().plus(plan.catchUpTimeout()).plusSeconds(240 + plan.clients() / 25);
                yield new Scenario(200, maxTime,
                        ctx -> new Reconnect(ctx, plan).run());
            }
            case "sync" -> {
                SyncCatchUp.Plan plan = new SyncCatchUp.Plan(args.integer("messages", 8_000),
                        args.integer("changes", 2_000), args.integer("renames", 10), args.integer("limit", 200),
                        args.integer("repeats", 5), args.integer("warmups", 1), args.integer("window", 64), body,
                        args.duration("catch-up-timeout", Duration.ofSeconds(120)));
                yield new Scenario(CONNECT_CONCURRENCY, Duration.ofSeconds(300 + (plan.messages() + plan.changes())
                        / 100).plus(plan.catchUpTimeout().multipliedBy(2L * (plan.repeats() + plan.warmups()))),
                        ctx -> new SyncCatchUp(ctx, plan).run());
            }
            case "crowd" -> {
                CrowdLoad.Plan plan = new CrowdLoad.Plan(args.integer("walkers", 20_000), urls(args),
                        args.duration("interval", Duration.ofSeconds(5)), args.integer("zones", 20),
                        args.integer("threshold", 20), args.decimal("hysteresis", 0.2),
                        args.integer("admins", 1), args.duration("warmup", Duration.ofSeconds(10)),
                        args.duration("duration", Duration.ofSeconds(60)),
                        args.duration("cycle", Duration.ofSeconds(10)), args.duration("drain", Duration.ofSeconds(5)),
                        args.decimal("radius", 100), args.string("redis-url", null));
                Duration run = plan.warmup().plus(plan.duration()).plus(plan.interval()).plus(plan.drain());
                yield new Scenario(CONNECT_CONCURRENCY, run.plusSeconds(180 + plan.walkers() / 50),
                        ctx -> new CrowdLoad(ctx, plan).run());
            }
            case "cluster-routing" -> {
                ClusterRouting.Plan plan = new ClusterRouting.Plan(urls(args), args.integer("rooms", 300),
                        args.integer("spread-rooms", 30), args.integer("members", 4), args.decimal("rate", 1500),
                        warmup, duration, drain, body);
                yield new Scenario(CONNECT_CONCURRENCY, warmup.plus(duration).plus(drain).plusSeconds(180
                        + (plan.localRooms() + plan.spreadRooms()) * plan.members() / 50),
                        ctx -> new ClusterRouting(ctx, plan).run());
            }
            default -> throw new IllegalArgumentException("unknown scenario " + name
                    + " (fanout, rooms, store, connections, connect, reconnect, sync, crowd, cluster-routing, report)");
        };
    }

    /** {@code --urls a,b}: the nodes; empty without the option. */
    private static List<URI> urls(Args args) {
        String urls = args.string("urls", null);
        return urls == null ? List.of() : Arrays.stream(urls.split(",")).map(String::trim)
                .filter(url -> !url.isEmpty()).map(URI::create).toList();
    }

    /** {@code --backoff-jitter full} (the default) or a fraction in [0, 1) for the older ±jitter. */
    private static Backoff backoff(Args args) {
        Duration initial = args.duration("backoff-initial", Duration.ofMillis(500));
        Duration max = args.duration("backoff-max", Duration.ofSeconds(5));
        String jitter = args.string("backoff-jitter", "full");
        return "full".equals(jitter) ? Backoff.full(initial, max)
                : new Backoff(initial, max, args.decimal("backoff-jitter", 0.2));
    }

    private static Scenario messages(MessagePlan plan) {
        Duration run = plan.warmup().plus(plan.duration()).plus(plan.drain());
        return new Scenario(CONNECT_CONCURRENCY, run.plusSeconds(180 + plan.rooms() * plan.members() / 50),
                ctx -> new MessageLoad(ctx, plan).run());
    }
}

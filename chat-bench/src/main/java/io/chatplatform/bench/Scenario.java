package io.chatplatform.bench;

import io.chatplatform.bench.cli.Args;
import io.chatplatform.bench.scenario.IdleConnections;
import io.chatplatform.bench.scenario.MessagePlan;
import java.time.Duration;

/** A scenario name with its defaults, overridable by options. Exactly one of the two plans is set. */
record Scenario(MessagePlan messages, IdleConnections.Plan idle) {

    static Scenario parse(String name, Args args) {
        Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
        Duration duration = args.duration("duration", Duration.ofSeconds(20));
        Duration drain = args.duration("drain", Duration.ofSeconds(15));
        int body = args.integer("body-size", 64);
        return switch (name) {
            case "fanout" -> new Scenario(new MessagePlan("fanout", args.integer("rooms", 1),
                    args.integer("members", 1000), args.integer("senders", 4), args.integer("window", 16), 0,
                    warmup, duration, drain, body), null);
            case "rooms" -> new Scenario(new MessagePlan("rooms", args.integer("rooms", 200),
                    args.integer("members", 10), 0, 0, args.decimal("rate", 2000), warmup, duration, drain, body),
                    null);
            case "store" -> new Scenario(new MessagePlan("store", args.integer("rooms", 64),
                    args.integer("members", 2), args.integer("senders", 1), args.integer("window", 8), 0, warmup,
                    duration, drain, body), null);
            case "connections" -> new Scenario(null, new IdleConnections.Plan(args.integer("connections", 15_000),
                    duration, args.duration("settle", Duration.ofSeconds(10)),
                    args.duration("ping-interval", Duration.ofSeconds(10))));
            default -> throw new IllegalArgumentException("unknown scenario " + name
                    + " (fanout, rooms, store, connections, report)");
        };
    }

    /** Long enough for set-up, the run and the drain; the watchdog ends the process after it. */
    Duration defaultMaxTime() {
        Duration run = messages != null ? messages.warmup().plus(messages.duration()).plus(messages.drain())
                : idle.hold().plus(idle.settle());
        int sockets = messages != null ? messages.rooms() * messages.members() : idle.connections();
        return run.plusSeconds(180 + sockets / 50);
    }
}

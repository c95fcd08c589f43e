package io.chatplatform.bench;

/** The --help text. */
final class Usage {

    static final String TEXT = """
            chat-bench: load generator for the chat protocol (CONTRACT.md); speaks only the public protocol.

            usage: java -jar chat-bench.jar <scenario> [options]
                   java -jar chat-bench.jar report [--server LABEL] [--baselines LABEL,LABEL] [--store h2|postgresql] \
            [--md FILE] [--html FILE] result.json...

            scenarios
              fanout       one room of --members (1000); --senders (4) members each keep --window (16) unACKed SENDs
              rooms        --rooms (200) rooms of --members (10); --rate (2000) SENDs/s in total, paced open loop,
                           every member sending in turn; latency is measured from the scheduled send time
              store        --rooms (64) rooms of --members (2); --senders (1) per room with --window (8): counts
                           stored-and-ACKed messages per second
              connections  --connections (15000) idle sockets held for --duration, each PINGing every
                           --ping-interval (10s); heap and RSS per connection after --settle (10s)

            target
              --url URL               http://host:port of the deployment (http://127.0.0.1:8080)
              --secret S              the HS256 secret (default: $CHAT_JWT_SECRET)
              --auth header|query|init   how sockets authenticate (header)
              --ws-path PATH          (/ws/chat)
              --server-pid PID        the target's process on this machine: RSS and CPU from /proc, and a full GC
                                      through jcmd before heap readings when it is a JVM

            timing (message scenarios)
              --warmup 5s --duration 20s --drain 15s --body-size 64

            client
              --io-threads 2 --connect-concurrency 64 --connect-timeout 15s --token-ttl 2h --max-time (derived)

            report
              --server server         the label of the server's runs
              --baselines node,notes  the baselines' labels (default: baseline); every ratio is server / the better
                                      baseline for that metric; the first is the reference of the targets set
                                      against the Node baseline (CPU per delivery, connects/s, RSS per connection)
              --baseline LABEL        one baseline (results written before there were two)
              --store h2|postgresql   the server's store, for the rooms latency target (h2)
              labels ending in +nodeclient are the Node cross-check client's runs (bench/node-client) against the
              target named before the +, set against chat-bench's own runs of it

            output
              --label NAME            name of the target in results (host:port)
              --json FILE             machine-readable result
              --html FILE             latency chart (self-contained HTML/SVG)
              --quiet                 no per-second progress lines
            """;

    private Usage() {
    }
}

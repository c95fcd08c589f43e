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
              connect      --connections (10000) authenticated handshakes, --connect-concurrency (200) in flight:
                           READYs per second (first connect to last READY), connect-to-READY latency, failures.
                           All stay open until the end, or --close-on-ready closes each one on its READY
              reconnect    --clients (10000) in rooms of --members (10), all connected; --rate (500) SENDs/s in
                           total through READY members, for --before (5s), then --restart-command runs; every
                           client reconnects with backoff (--backoff-initial 500ms, doubling up to --backoff-max 5s,
                           --backoff-jitter full: each wait uniform below its ceiling; or a fraction such as 0.2
                           for +-20 %; a 503's Retry-After is waited at least) and SYNCs its room (--sync-limit
                           200 per page); posting stops
                           when all are READY again. Measures the time from the drop until every client holds
                           every seq of its room, loss (must be 0), duplicates, connect attempts per client, the
                           SEND-to-ACK wait of what was posted from the restart on, the SYNC-to-HISTORY wait,
                           and from the server's first READY on the clients back per second and the connect
                           attempts that failed; gives
                           up after --catch-up-timeout (120s). Needs SYNC: exits with status 4 against a target
                           that answers it with ERROR (the Node baseline)
              sync         one room: a writer posts --messages (8000) and makes --changes (2000) other changes
                           among them (--renames (10) renames, the rest edits of earlier messages), --window (64)
                           SENDs/EDITs unanswered; then a reader that has seen nothing catches up by rev (SYNC
                           afterRev, CHANGES) and by seq (SYNC afterSeq, HISTORY), --limit (200) per SYNC, each way
                           --warmups (1) times unmeasured, then --repeats (5) times, taking turns. Reports per way
                           the time to the last page (median, min, max), SYNC round trips, entries, bytes, server
                           CPU; checks every catch-up (rev reached = lastRev, every seq once, latest bodies, the
                           name). --catch-up-timeout (120s) per catch-up

              crowd        --walkers (20000) sockets on /ws/crowd/location spread round-robin over --urls (a,b; default
                           --url), each sending a LOCATION every --interval (5s). --zones (20) zones (--radius 100 m)
                           of --threshold (20); each has its own group of walkers that every --cycle (10s) alternately
                           moves all in (count reaches the threshold: CROWD_ALERT) and enough out to clear
                           (--hysteresis 0.2, as the server's). --admins (1) ADMIN sessions per node. Measures update
                           throughput, alert and clear latency (the LOCATION that crossed -> the ADMIN frame), missed
                           and duplicated frames per crossing per ADMIN session, the zones' counts against the
                           walkers', and with --redis-url redis://host:port Redis CPU (INFO cpu) and used_memory.
                           --warmup (10s) unmeasured, --duration (60s) of moves, then --interval + --drain (5s)
              cluster-routing
                           a cluster in Redis mode, nodes named by --urls (a,b,c; each with its Actuator on the same
                           port): --rooms (300) local rooms, all members of each on one node (dealt round-robin), and
                           --spread-rooms (30) with members on every node, all of --members (4, at least the node
                           count); --rate (1500) SENDs/s in total as in rooms. Each node's chat.cluster.bus.received
                           and .published are read at the window's edges: per node, Redis messages received/s, their
                           share of all published, against the expected share (the SENDs into the rooms it has
                           members of / all SENDs) and the ratio of the two (target <= 1.2); deliveries/s and loss
                           as in rooms. Exits with status 4 when a node has no such counters
            the restart command (reconnect)
              Run once with `sh -c`, chat-bench's environment, standard output and error to chat-bench's standard
              error. It must make the target drop every connection (stop or kill it) and start it again on the same
              URL with the same data (database, data dir), so history and seqs survive. It must not return before
              the old process is gone (a server shutting down gracefully may still accept handshakes until it
              exits, so clients back before then do not count); it may return before or after the new one is
              ready. chat-bench counts clients as back only once it has returned; time is still measured from the
              drop. Exit status 0 when it did its job. A process it leaves running must not keep its output streams
              open (redirect them).
              bench/restart-server.sh does this for a server started by a script (see its header).

            target
              --url URL               http://host:port of the deployment (http://127.0.0.1:8080; crowd, cluster-routing: the first of
                                      --urls when given)
              --secret S              the HS256 secret (default: $CHAT_JWT_SECRET)
              --auth header|query|init   how sockets authenticate (header)
              --ws-path PATH          (/ws/chat)
              --server-pid PID        the target's process on this machine: RSS and CPU from /proc, and a full GC
                                      through jcmd before heap readings when it is a JVM

            timing (message scenarios)
              --warmup 5s --duration 20s --drain 15s --body-size 64

            client
              --io-threads 2 --connect-concurrency 64 (200 for connect and reconnect) --connect-timeout 15s
              --token-ttl 2h --max-time (derived)

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

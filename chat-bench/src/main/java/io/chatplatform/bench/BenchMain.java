package io.chatplatform.bench;

import io.chatplatform.bench.chat.RestApi;
import io.chatplatform.bench.chat.Target;
import io.chatplatform.bench.chat.Tokens;
import io.chatplatform.bench.cli.Args;
import io.chatplatform.bench.report.Comparison;
import io.chatplatform.bench.report.HtmlChart;
import io.chatplatform.bench.report.ResultFiles;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.report.SummaryTable;
import io.chatplatform.bench.scenario.Progress;
import io.chatplatform.bench.scenario.RunContext;
import io.chatplatform.bench.scenario.UnsupportedTarget;
import io.chatplatform.bench.stats.ServerProbe;
import io.chatplatform.bench.ws.WsClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Parses the command line, runs one scenario (or the {@code report} over saved results) and writes the outputs. */
public final class BenchMain {

    /** Exit status when the target lacks what the scenario needs (e.g. SYNC for reconnect); nothing was measured. */
    static final int UNSUPPORTED_TARGET = 4;

    private BenchMain() {
    }

    public static void main(String[] argv) {
        Args args = new Args(argv);
        if (args.positional().isEmpty() || args.flag("help")) {
            System.out.println(Usage.TEXT);
            System.exit(args.positional().isEmpty() && !args.flag("help") ? 2 : 0);
        }
        String command = args.positional().get(0);
        try {
            int status = command.equals("report") ? report(args) : runScenario(command, args);
            System.exit(status);
        } catch (IllegalArgumentException e) {
            System.err.println("chat-bench: " + e.getMessage());
            System.err.println("run with --help for the options");
            System.exit(2);
        } catch (Exception e) {
            System.err.println("chat-bench: run failed: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private static int runScenario(String scenario, Args args) throws Exception {
        String secret = args.string("secret", System.getenv("CHAT_JWT_SECRET"));
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("--secret (or CHAT_JWT_SECRET) is required to mint tokens");
        }
        // crowd's --urls a,b: the first node is also the --url (REST, Actuator) unless one is given
        String urls = args.string("urls", null);
        String firstUrl = urls == null ? "http://127.0.0.1:8080" : urls.split(",")[0].trim();
        Target target = new Target(URI.create(args.string("url", firstUrl)),
                args.string("ws-path", "/ws/chat"), args.string("auth", "header"));
        String label = args.string("label", target.hostHeader());
        Path json = pathOrNull(args.string("json", null));
        Path html = pathOrNull(args.string("html", null));
        long pid = args.longValue("server-pid", -1);
        int ioThreads = args.integer("io-threads", 2);
        Duration connectTimeout = args.duration("connect-timeout", Duration.ofSeconds(15));
        Duration tokenTtl = args.duration("token-ttl", Duration.ofHours(2));
        boolean quiet = args.flag("quiet");
        Scenario plan = Scenario.parse(scenario, args);
        int concurrency = args.integer("connect-concurrency", plan.connectConcurrency());
        Duration maxTime = args.duration("max-time", plan.defaultMaxTime());
        args.rejectUnused();
        Watchdog.start(maxTime);

        String runId = "b" + Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36);
        try (WsClient client = new WsClient(ioThreads); RestApi rest = new RestApi(target)) {
            RunContext ctx = new RunContext(label, runId, target, new Tokens(secret, tokenTtl), rest, client,
                    new ServerProbe(rest, pid), new Progress(quiet), ioThreads, concurrency, connectTimeout);
            RunResult result;
            try {
                result = plan.runner().run(ctx);
            } catch (UnsupportedTarget e) {
                System.out.println("chat-bench: " + scenario + " skipped against " + target.baseUrl() + ": "
                        + e.getMessage());
                return UNSUPPORTED_TARGET;
            }
            SummaryTable.print(result, System.out);
            if (json != null) {
                ResultFiles.write(result, json);
                System.out.println("  json           " + json);
            }
            if (html != null) {
                HtmlChart.write(html, result.scenario() + " against " + result.target(), List.of(singleRunChart(result)));
                System.out.println("  html           " + html);
            }
        }
        return 0;
    }

    private static HtmlChart.Chart singleRunChart(RunResult result) {
        List<HtmlChart.Series> series = new ArrayList<>();
        result.latency().forEach((name, latency) -> {
            if (latency.count() > 0) {
                series.add(new HtmlChart.Series(result.label() + " " + name, latency));
            }
        });
        return new HtmlChart.Chart(result.scenario() + " latency (" + result.label() + ")", series);
    }

    /**
     * {@code report [--server server] [--baselines node,notes] [--store h2|postgresql] [--md FILE] [--html FILE]
     * result.json...}; {@code --baseline LABEL} names a single baseline, as reports did before there were two.
     */
    private static int report(Args args) throws Exception {
        String single = args.string("baseline", null);
        String list = args.string("baselines", null);
        if (single != null && list != null) {
            throw new IllegalArgumentException("report: --baseline and --baselines exclude each other");
        }
        List<String> baselines = list != null ? List.of(list.split(","))
                : List.of(single != null ? single : "baseline");
        String server = args.string("server", "server");
        Comparison.Store store = switch (args.string("store", "h2")) {
            case "h2" -> Comparison.Store.H2;
            case "postgresql" -> Comparison.Store.POSTGRESQL;
            default -> throw new IllegalArgumentException("report: --store must be h2 or postgresql");
        };
        Path md = pathOrNull(args.string("md", null));
        Path html = pathOrNull(args.string("html", null));
        args.rejectUnused();
        List<RunResult> results = new ArrayList<>();
        for (String file : args.positional().subList(1, args.positional().size())) {
            results.add(ResultFiles.read(Path.of(file)));
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("report: name the result JSON files to compare");
        }
        Comparison comparison = new Comparison(results, server, baselines, store);
        String text = comparison.markdown();
        System.out.println(text);
        if (md != null) {
            Files.writeString(md, text);
        }
        if (html != null) {
            HtmlChart.write(html, "chat-bench: " + server + " vs " + String.join(", ", baselines),
                    comparison.charts());
        }
        return 0;
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : Path.of(value);
    }
}

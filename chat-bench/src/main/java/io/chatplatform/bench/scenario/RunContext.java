package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.RestApi;
import io.chatplatform.bench.chat.Target;
import io.chatplatform.bench.chat.Tokens;
import io.chatplatform.bench.stats.ServerProbe;
import io.chatplatform.bench.ws.WsClient;
import java.time.Duration;

/**
 * What every scenario shares: the target, the means to reach it, and how connections are opened.
 *
 * @param runId              prefix of user ids and clientMsgIds, unique per run so runs never collide
 * @param connectConcurrency handshakes in flight at once
 * @param connectTimeout     the longest one socket may take from connect to READY
 */
public record RunContext(String label, String runId, Target target, Tokens tokens, RestApi rest, WsClient client,
        ServerProbe probe, Progress progress, int ioThreads, int connectConcurrency, Duration connectTimeout) {
}

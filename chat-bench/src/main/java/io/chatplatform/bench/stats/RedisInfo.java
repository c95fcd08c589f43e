package io.chatplatform.bench.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads Redis {@code INFO} sections over a plain socket (RESP inline commands; no client library): the CPU Redis
 * used and its memory, before and after a run. {@code redis://[:password@]host[:port]}.
 */
public final class RedisInfo {

    /** One reading: {@code used_cpu_sys + used_cpu_user} in seconds and {@code used_memory} in bytes. */
    public record Reading(double cpuSeconds, long usedMemoryBytes) {
    }

    private final URI uri;

    public RedisInfo(String url) {
        this.uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--redis-url must be redis://host[:port]: " + url);
        }
    }

    public Reading read() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String userInfo = uri.getUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                String password = userInfo.substring(userInfo.indexOf(':') + 1);
                out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
                String answer = line(in);
                if (!answer.startsWith("+")) {
                    throw new IOException("Redis AUTH answered " + answer);
                }
            }
            Map<String, String> fields = new HashMap<>();
            fields.putAll(info(out, in, "cpu"));
            fields.putAll(info(out, in, "memory"));
            double cpu = Double.parseDouble(fields.getOrDefault("used_cpu_sys", "-1"))
                    + Double.parseDouble(fields.getOrDefault("used_cpu_user", "0"));
            return new Reading(cpu, Long.parseLong(fields.getOrDefault("used_memory", "-1")));
        }
    }

    private static Map<String, String> info(OutputStream out, InputStream in, String section) throws IOException {
        out.write(("INFO " + section + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String header = line(in);
        if (!header.startsWith("$")) {
            throw new IOException("Redis INFO answered " + header);
        }
        int length = Integer.parseInt(header.substring(1));
        byte[] body = in.readNBytes(length + 2);
        Map<String, String> fields = new HashMap<>();
        for (String row : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
            int colon = row.indexOf(':');
            if (colon > 0 && !row.startsWith("#")) {
                fields.put(row.substring(0, colon), row.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}

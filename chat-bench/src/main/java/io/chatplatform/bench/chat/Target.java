package io.chatplatform.bench.chat;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The deployment under test: its HTTP base URL and where its chat socket lives.
 *
 * @param auth how sockets authenticate: {@code header} (Authorization: Bearer), {@code query} (?access_token=) or
 *             {@code init} (an INIT frame after opening)
 */
public record Target(URI baseUrl, String wsPath, String auth) {

    public Target {
        if (!"http".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("only http:// targets are supported (plain ws://): " + baseUrl);
        }
        if (!auth.equals("header") && !auth.equals("query") && !auth.equals("init")) {
            throw new IllegalArgumentException("--auth must be header, query or init: " + auth);
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(baseUrl.getHost(), port());
    }

    public String hostHeader() {
        return baseUrl.getHost() + ":" + port();
    }

    public int port() {
        return baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
    }

    public URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}

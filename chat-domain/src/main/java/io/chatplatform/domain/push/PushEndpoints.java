package io.chatplatform.domain.push;

import io.chatplatform.domain.common.DomainException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The allow-list of push services. The server POSTs to whatever endpoint a subscription names, so an endpoint is
 * only accepted when its origin (scheme, host, port) is listed: anything else could aim the server at an internal
 * address (SSRF). Requests never follow redirects either (see {@link WebPushGateway}).
 */
final class PushEndpoints {

    static final int MAX_ENDPOINT_LENGTH = 2048;

    private final List<Origin> allowed;

    PushEndpoints(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(PushEndpoints::parseOrigin).toList();
    }

    /**
     * The endpoint as a URI when its origin is allowed.
     *
     * @throws DomainException BAD_REQUEST otherwise
     */
    URI requireAllowed(String endpoint) {
        if (endpoint == null || endpoint.isBlank() || endpoint.length() > MAX_ENDPOINT_LENGTH) {
            throw DomainException.badRequest("endpoint must be an https URL of at most " + MAX_ENDPOINT_LENGTH
                    + " characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw DomainException.badRequest("endpoint is not a URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw DomainException.badRequest("endpoint must be an absolute URL with a host and no user info");
        }
        Origin origin = new Origin(uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost().toLowerCase(Locale.ROOT),
                effectivePort(uri));
        if (allowed.stream().noneMatch(entry -> entry.admits(origin))) {
            throw DomainException.badRequest("endpoint's origin is not an allowed push service");
        }
        return uri;
    }

    /** Parses one {@code chat.push.allowed-hosts} entry: {@code scheme://host[:port]}, host maybe {@code *.domain}. */
    static Origin parseOrigin(String entry) {
        String text = entry == null ? "" : entry.trim();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("chat.push.allowed-hosts entry needs a scheme: " + entry);
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("chat.push.allowed-hosts entry must be http(s): " + entry);
        }
        String authority = text.substring(schemeEnd + 3);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        String host = authority;
        int port = scheme.equals("https") ? 443 : 80;
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && !authority.endsWith("]")) {
            host = authority.substring(0, colon);
            port = Integer.parseInt(authority.substring(colon + 1));
        } else if (authority.startsWith("[") && authority.contains("]:")) {
            host = authority.substring(0, authority.indexOf("]:") + 1);
            port = Integer.parseInt(authority.substring(authority.indexOf("]:") + 2));
        }
        if (host.isEmpty() || host.contains("/") || host.contains("@")) {
            throw new IllegalArgumentException("chat.push.allowed-hosts entry is not an origin: " + entry);
        }
        return new Origin(scheme, host.toLowerCase(Locale.ROOT), port);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    }

    /**
     * One allowed origin. An entry without a port admits only the scheme's default port, except loopback entries
     * ({@code http://127.0.0.1}, {@code http://localhost}), which admit any port: a local test service listens on
     * whatever port it got.
     */
    record Origin(String scheme, String host, int port) {

        boolean admits(Origin endpoint) {
            if (!scheme.equals(endpoint.scheme)) {
                return false;
            }
            boolean hostMatches = host.startsWith("*.")
                    ? endpoint.host.endsWith(host.substring(1)) && endpoint.host.length() > host.length() - 1
                    : host.equals(endpoint.host);
            return hostMatches && (port == endpoint.port || loopback() && !explicitPort());
        }

        private boolean loopback() {
            return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        }

        private boolean explicitPort() {
            return port != (scheme.equals("https") ? 443 : 80);
        }
    }
}

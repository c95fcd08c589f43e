package io.chatplatform.domain.user;

import java.time.Duration;

/**
 * How long a node may answer revocation checks from memory before it must have re-read them. The setting lives
 * with the other {@code chat.auth} settings ({@code AuthProperties} implements this), and auth depends on user,
 * not the other way round.
 */
public interface RevocationPolicy {

    /** How often every revocation is re-read; twice this bounds how stale a node's memory may be. */
    Duration revocationReload();
}

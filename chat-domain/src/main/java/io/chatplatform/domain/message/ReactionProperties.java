package io.chatplatform.domain.message;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.reactions.*}: limits on reactions.
 *
 * @param maxPerMessage the most distinct emoji one message may hold; a reaction with one more is refused with
 *                      {@code CONFLICT} (reacting with an emoji the message already holds is always accepted)
 */
@ConfigurationProperties("chat.reactions")
public record ReactionProperties(@DefaultValue("20") int maxPerMessage) {

    public ReactionProperties {
        if (maxPerMessage < 1) {
            throw new IllegalArgumentException("chat.reactions.max-per-message must be positive");
        }
    }
}

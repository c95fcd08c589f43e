package io.chatplatform.ws.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Warns at start about settings the server no longer reads. Spring ignores an unknown key silently, so an operator
 * who tuned a setting that was replaced would otherwise run with the new setting's default without knowing.
 */
@Component
class RetiredSettings {

    private static final Logger log = LoggerFactory.getLogger(RetiredSettings.class);

    /** Retired key → what replaced it and why. */
    static final Map<String, String> RETIRED = Map.of(
            "chat.ws.send-time-limit", "chat.ws.write-stall-timeout (default 1s): frames are written by blocking "
                    + "writes on the writer that owns the session, and what is bounded now is how long one write may "
                    + "wait for a full socket");

    RetiredSettings(Environment environment) {
        warnings(environment).forEach(log::warn);
    }

    static List<String> warnings(Environment environment) {
        List<String> warnings = new ArrayList<>();
        RETIRED.forEach((key, replacement) -> {
            if (environment.containsProperty(key)) {
                warnings.add(key + " is set but no longer read; it was replaced by " + replacement);
            }
        });
        return warnings;
    }
}

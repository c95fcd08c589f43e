package io.chatplatform.domain;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boot configuration for the domain's slice tests; the real application lives in chat-api. */
@SpringBootApplication
class DomainTestApplication {
}

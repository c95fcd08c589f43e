package io.chatplatform.api.auth;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserService;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A deployment whose users come from another identity provider: nobody creates accounts by registering. */
@TestPropertySource(properties = "chat.auth.local-registration=false")
class LocalRegistrationDisabledIT extends ChatServerTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    UserService users;

    @Test
    void registrationIsForbidden() {
        Response response = rest.post("/api/auth/register", null,
                Map.of("username", uniqueUser("alice"), "password", PASSWORD));

        assertProblem(response, 403, "FORBIDDEN");
        assertThat(response.json().path("detail").asString()).isEqualTo("local registration is disabled");
    }

    @Test
    void existingLocalAccountsStillLogIn() {
        String operator = uniqueUser("operator");
        users.createAdmin(operator, PASSWORD);
        users.changeRole(operator, Role.USER);

        Response login = rest.post("/api/auth/login", null, Map.of("username", operator, "password", PASSWORD));

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("role").asString()).isEqualTo("USER");
    }
}

package io.chatplatform.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the error contract of the REST API: the status, {@code application/problem+json} and the stable code. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    public static void assertProblem(RestApi.Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.isProblem()).as("problem+json content type of %s", response).isTrue();
        assertThat(response.problemCode()).as("code of %s", response).isEqualTo(code);
        assertThat(response.json().path("status").asInt()).as("status property of %s", response).isEqualTo(status);
    }
}

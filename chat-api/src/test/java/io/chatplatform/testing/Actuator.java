package io.chatplatform.testing;

/** Reads the server's health and meters over HTTP, as an operator would. */
public final class Actuator {

    private Actuator() {
    }

    public static String health(RestApi rest) {
        return rest.get("/actuator/health", null).json().path("status").asString();
    }

    /** The value of a counter (its COUNT) or gauge (its VALUE); 0 when the meter has not been registered. */
    public static double meter(RestApi rest, String name) {
        RestApi.Response response = rest.get("/actuator/metrics/" + name, null);
        if (response.status() == 404) {
            return 0;
        }
        if (response.status() != 200) {
            throw new IllegalStateException("reading " + name + ": " + response);
        }
        return response.json().path("measurements").get(0).path("value").asDouble();
    }
}

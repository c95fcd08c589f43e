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
        return meterAt(rest, "/actuator/metrics/" + name);
    }

    /** The same for the meter of that name with one tag's value. */
    public static double meter(RestApi rest, String name, String tag, String value) {
        return meterAt(rest, "/actuator/metrics/" + name + "?tag=" + tag + ":" + value);
    }

    private static double meterAt(RestApi rest, String path) {
        RestApi.Response response = rest.get(path, null);
        if (response.status() == 404) {
            return 0;
        }
        if (response.status() != 200) {
            throw new IllegalStateException("reading " + path + ": " + response);
        }
        return response.json().path("measurements").get(0).path("value").asDouble();
    }
}

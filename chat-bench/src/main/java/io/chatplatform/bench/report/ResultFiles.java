package io.chatplatform.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Results as JSON files. Reading is lenient: unknown fields are ignored and absent numbers read as 0, so results
 * written by an older chat-bench, or by the Node cross-check client (bench/node-client), which fills only what it
 * measures, still compare.
 */
public final class ResultFiles {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ResultFiles() {
    }

    public static void write(RunResult result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), result);
    }

    public static RunResult read(Path file) {
        return JSON.readValue(file.toFile(), RunResult.class);
    }

    public static String toJson(RunResult result) {
        return JSON.writeValueAsString(result);
    }
}

package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.ws.protocol.FrameType;
import io.chatplatform.ws.protocol.IncomingFrame;
import io.chatplatform.ws.protocol.SessionCommands;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.FrameRouter;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/asyncapi.yaml} and the server agree on what clients send. On each endpoint, the frame types documented
 * as received on its channel are exactly the session's and those the features registered with the {@link
 * FrameRouter}; each is documented with exactly its record's fields, a number field is required exactly when its
 * record component is primitive, and every documented example reads into the record without an error.
 */
class ClientFramesDocumentedIT extends ChatServerTest {

    private static final Path ASYNCAPI = Path.of("..", "docs", "asyncapi.yaml");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private FrameRouter router;

    /** A client frame type as the document describes it: its payload schema and the examples of its message. */
    record Documented(Map<String, Object> payload, List<Map<String, Object>> examples) {

        Map<String, Object> properties() {
            return map(payload.get("properties"));
        }

        List<Object> required() {
            return list(payload.getOrDefault("required", List.of()));
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void everyFrameTypeAnEndpointTakesIsDocumentedOnItsChannelWithItsRecordsFields(Endpoint endpoint)
            throws IOException {
        Map<String, Documented> documented = receivedOn(endpoint.path());
        Map<String, FrameType<?>> handled = new LinkedHashMap<>();
        SessionCommands.types().forEach(type -> handled.put(type.name(), type));
        router.frameTypes(endpoint).forEach(type -> handled.put(type.name(), type));

        assertThat(documented.keySet()).as("frame types documented as received on " + endpoint.path())
                .containsExactlyInAnyOrderElementsOf(handled.keySet());
        for (FrameType<?> type : handled.values()) {
            Documented doc = documented.get(type.name());
            List<String> fields = new ArrayList<>();
            for (RecordComponent component : type.frameClass().getRecordComponents()) {
                fields.add(component.getName());
                if (component.getType().isPrimitive()) {
                    assertThat(doc.required()).as(type.name() + "." + component.getName() + " is read as required")
                            .contains(component.getName());
                } else if (Number.class.isAssignableFrom(component.getType())) {
                    assertThat(doc.required()).as(type.name() + "." + component.getName() + " is read as optional")
                            .doesNotContain(component.getName());
                }
            }
            List<String> properties = new ArrayList<>(doc.properties().keySet());
            properties.remove("type");
            assertThat(properties).as("fields of " + type.name() + " on " + endpoint.path())
                    .containsExactlyInAnyOrderElementsOf(fields);
            for (Map<String, Object> example : doc.examples()) {
                JsonNode tree = JSON.valueToTree(example.get("payload"));
                if (type.name().equals(tree.path("type").asString())) {
                    assertThatCode(() -> type.read(new IncomingFrame(type.name(), tree)))
                            .as("example " + example.get("name") + " of " + type.name()).doesNotThrowAnyException();
                }
            }
        }
    }

    /** The frame types the document's receive operations on the channel at {@code address} name, by type. */
    private static Map<String, Documented> receivedOn(String address) throws IOException {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(ASYNCAPI)) {
            document = new Yaml().load(reader);
        }
        Map<String, Documented> received = new LinkedHashMap<>();
        for (Object value : map(document.get("operations")).values()) {
            Map<String, Object> operation = map(value);
            Map<String, Object> channel = resolve(document, map(operation.get("channel")));
            if (!"receive".equals(operation.get("action")) || !address.equals(channel.get("address"))) {
                continue;
            }
            for (Object ref : list(operation.get("messages"))) {
                Map<String, Object> message = resolve(document, resolve(document, map(ref)));
                Map<String, Object> payload = resolve(document, map(message.get("payload")));
                Map<String, Object> type = map(map(payload.get("properties")).get("type"));
                List<Object> names = type.containsKey("const") ? List.of(type.get("const")) : list(type.get("enum"));
                List<Map<String, Object>> examples = new ArrayList<>();
                list(message.getOrDefault("examples", List.of())).forEach(example -> examples.add(map(example)));
                names.forEach(name -> received.put((String) name, new Documented(payload, examples)));
            }
        }
        return received;
    }

    /** The node a {@code $ref} points to within the document, or the node itself when it is no reference. */
    private static Map<String, Object> resolve(Map<String, Object> document, Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        Map<String, Object> target = document;
        for (String part : ((String) ref).substring("#/".length()).split("/")) {
            target = map(target.get(part));
        }
        return target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}

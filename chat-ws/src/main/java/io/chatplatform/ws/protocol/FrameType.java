package io.chatplatform.ws.protocol;

import java.util.Objects;
import java.util.function.Function;

/**
 * A frame type clients send: its {@code type} on the wire, the record it is read into and how. The reader uses
 * {@link IncomingFrame}'s strict accessors, so a missing or wrongly typed field is a BAD_REQUEST naming the field
 * before any handler runs. A primitive component is a required field, a boxed one an optional field (null when
 * absent); {@code docs/asyncapi.yaml} documents each type with exactly its record's fields.
 *
 * @param name the frame's {@code type}
 * @param frameClass the record a frame of this type is read into
 * @param reader reads a parsed frame of this type into its record
 */
public record FrameType<T extends Record>(String name, Class<T> frameClass, Function<IncomingFrame, T> reader) {

    public FrameType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(frameClass, "frameClass");
        Objects.requireNonNull(reader, "reader");
    }

    /** Whether {@code frame} is of this type. */
    public boolean is(IncomingFrame frame) {
        return name.equals(frame.type());
    }

    /** @throws FrameException BAD_REQUEST when a field is missing or of the wrong JSON type */
    public T read(IncomingFrame frame) {
        return reader.apply(frame);
    }
}

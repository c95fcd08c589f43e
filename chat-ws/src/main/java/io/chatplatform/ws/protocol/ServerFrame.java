package io.chatplatform.ws.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame the server sends. Implementations are records named by {@code @JsonTypeName}; the name becomes the
 * frame's {@code type}, written first. Absent optional fields are left out.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonInclude(JsonInclude.Include.NON_NULL)
public interface ServerFrame {
}

/** The room change log: every change of a room's visible state numbered by the room's {@code rev}, kept to be replayed. */
package io.chatplatform.domain.change;

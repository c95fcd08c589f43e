/** REST room administration: rooms, members and message history, on the same room and message services as the sockets. */
package io.chatplatform.api.room;

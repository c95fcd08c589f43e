/** The {@code /ws/chat} endpoint: SEND, SYNC, READ and TYPING in, and every room event out to the room's members. */
package io.chatplatform.ws.chat;

/**
 * A Java client of the chat protocol's {@code /ws/chat} endpoint, on the JDK's {@code java.net.http.WebSocket} and
 * nothing else: {@link io.chatplatform.client.ChatClient} is the entry point.
 */
package io.chatplatform.client;

/**
 * The WebSocket side of the chat: endpoints that authenticate sessions and turn frames into domain calls, and
 * broadcasters that turn domain events into frames.
 */
package io.chatplatform.ws;

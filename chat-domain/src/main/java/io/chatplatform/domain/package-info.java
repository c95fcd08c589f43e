/**
 * The chat domain: users, rooms, membership and messages, the rules that guard them and the events they publish.
 * Nothing here knows about HTTP or WebSocket.
 */
package io.chatplatform.domain;

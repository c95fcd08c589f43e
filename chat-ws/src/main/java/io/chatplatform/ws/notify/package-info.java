/**
 * The {@code /ws/notify} endpoint: a user's stored notifications, replayed on connect and pushed as they are
 * created, acknowledged with ACK; and announcements to everyone connected.
 */
package io.chatplatform.ws.notify;

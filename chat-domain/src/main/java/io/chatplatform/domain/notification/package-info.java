/**
 * Per-user notifications, stored until read: what creates them (room invitations, mentions, direct messages while
 * offline, admin sends), and the events that let the sockets push them.
 */
package io.chatplatform.domain.notification;

/** REST for notifications: a user's own list and read marks; admin sends and announcements. */
package io.chatplatform.api.notification;

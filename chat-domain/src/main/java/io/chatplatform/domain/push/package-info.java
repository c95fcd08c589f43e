/**
 * Web Push to users with no open chat socket: browser subscriptions, the endpoint allow-list, VAPID keys, and the
 * {@link io.chatplatform.domain.push.PushGateway} that delivers (Web Push here; FCM or APNs could be others).
 */
package io.chatplatform.domain.push;

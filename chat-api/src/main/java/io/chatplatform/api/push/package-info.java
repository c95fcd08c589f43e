/** REST for Web Push: the VAPID public key, and the caller's push subscriptions. */
package io.chatplatform.api.push;

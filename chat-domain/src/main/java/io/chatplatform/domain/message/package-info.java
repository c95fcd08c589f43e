/** Messages: numbered per room, stored before anyone is told, idempotent per sender and client message id. */
package io.chatplatform.domain.message;

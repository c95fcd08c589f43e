/**
 * Stored messages: history, edits and tombstones, idempotent per sender and client message id. New messages come in
 * through {@link io.chatplatform.domain.posting}.
 */
package io.chatplatform.domain.message;

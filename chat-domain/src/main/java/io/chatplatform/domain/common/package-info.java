/**
 * Vocabulary shared by every feature of the domain: the error codes clients see and the exception that carries them,
 * text checks, and {@link io.chatplatform.domain.common.Lanes}, which gives each room its thread wherever a room's
 * work must stay in order.
 */
package io.chatplatform.domain.common;

/** Vocabulary shared by every feature of the domain: the error codes clients see and the exception that carries them. */
package io.chatplatform.domain.common;

/** Who acts: local accounts with BCrypt password hashes, platform roles, and the acting user of a request or frame. */
package io.chatplatform.domain.user;

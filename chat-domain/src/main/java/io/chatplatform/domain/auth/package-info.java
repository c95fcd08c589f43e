/** Access tokens: HS256 JWTs minted for local accounts and verified for anyone holding the shared secret. */
package io.chatplatform.domain.auth;

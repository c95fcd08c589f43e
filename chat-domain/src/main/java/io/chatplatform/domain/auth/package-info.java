/**
 * Access tokens: HS256 JWTs minted for local accounts and verified for anyone holding the shared secret, and the
 * port through which tokens of trusted external issuers are verified.
 */
package io.chatplatform.domain.auth;

/**
 * A real OAuth 2 authorization server (Spring Authorization Server) for the external-issuer tests. Outside
 * {@code io.chatplatform} on purpose: the chat server's component scan must never pick up its configuration.
 */
package testidp;

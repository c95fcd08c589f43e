/**
 * External identity providers (Keycloak, Auth0, Spring Authorization Server...): their RS/PS/ES-signed access
 * tokens, checked with Spring Security's Nimbus decoder against the keys each issuer publishes, for the domain's
 * Authenticator and so for every entry point.
 */
package io.chatplatform.api.issuer;

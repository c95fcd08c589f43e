/**
 * Local accounts over REST, and the Spring Security filter chains: the bearer-token check in front of every other
 * {@code /api} call, the platform ADMIN gate, and the security headers of every response.
 */
package io.chatplatform.api.auth;

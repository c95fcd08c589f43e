/** Local accounts over REST and the bearer-token check in front of every other {@code /api} call. */
package io.chatplatform.api.auth;

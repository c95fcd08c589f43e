/** REST rate limits: token buckets per client address, per user or per login name, local or shared through Redis. */
package io.chatplatform.api.ratelimit;

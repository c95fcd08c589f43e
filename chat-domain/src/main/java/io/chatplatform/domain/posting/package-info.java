/**
 * Posting a message: the one way a message enters the system. {@link io.chatplatform.domain.posting.Posting} is
 * the whole public face; behind it a few writer threads lock the rooms, check the senders, number and store the
 * posts in batches, and publish {@link io.chatplatform.domain.posting.MessagePosted} after each commit.
 */
package io.chatplatform.domain.posting;

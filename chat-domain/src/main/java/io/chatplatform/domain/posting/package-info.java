/**
 * Posting a message: the one way a message enters the system. {@link io.chatplatform.domain.posting.Posting} is
 * the one entry point, with the values it takes and answers ({@link io.chatplatform.domain.posting.Post},
 * {@link io.chatplatform.domain.posting.PostResult}) and the event it publishes
 * ({@link io.chatplatform.domain.posting.MessagePosted}): the package's only public types. Behind it a few writer
 * threads lock the rooms, check the senders, number and store the posts in batches, and publish
 * {@code MessagePosted} after each commit.
 */
package io.chatplatform.domain.posting;

package io.chatplatform.api.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Where the token buckets live: this node's memory ({@link LocalBucketStore}), or Redis, shared by every node
 * ({@link RedisBucketStore}). A bucket idle long enough to refill completely may be forgotten: a new one starts
 * full, so forgetting it changes nothing.
 */
interface BucketStore {

    /** The bucket of {@code key} under {@code limit}; a new one starts full, sized by {@code bandwidth}. */
    Bucket bucket(RateLimit limit, String key, Bandwidth bandwidth);
}

/**
 * Cluster mode: several nodes behind a load balancer deliver what any of them accepted. Frames are encoded once,
 * published once to Redis, authenticated with a MAC under the cluster's shared secret, and each node hands them to
 * its own sessions; presence is kept cluster-wide in Redis with keys that expire when a node stops refreshing them.
 */
package io.chatplatform.ws.delivery.redis;

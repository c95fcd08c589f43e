/**
 * Crowd density: zones administered by platform ADMINs, the latest position of every user who shares it (paced
 * without loss, in memory, or in a cluster in the {@link io.chatplatform.domain.crowd.CrowdLedger} the nodes
 * share), live head counts per zone from a spatial grid, and alerts with hysteresis when a zone fills up.
 */
package io.chatplatform.domain.crowd;

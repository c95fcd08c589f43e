/**
 * Crowd density: zones administered by platform ADMINs, the latest position of every user who shares it (in
 * memory only), live head counts per zone from a spatial grid, and alerts with hysteresis when a zone fills up.
 */
package io.chatplatform.domain.crowd;

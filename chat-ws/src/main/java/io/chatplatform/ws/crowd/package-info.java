/**
 * The {@code /ws/crowd/location} endpoint: users share LOCATION, and only sessions of platform ADMINs hear
 * CROWD_ALERT and CROWD_CLEARED.
 */
package io.chatplatform.ws.crowd;

/**
 * The {@code /ws/crowd/location} endpoint: users share LOCATION, and only sessions of platform ADMINs hear
 * CROWD_ALERT and CROWD_CLEARED. In a Redis cluster the crowd ledger and the roster of online ADMINs live here too.
 */
package io.chatplatform.ws.crowd;

/** Rooms and their membership: who may rename, add, remove and delete, and who is in a room right now. */
package io.chatplatform.domain.room;

/** REST for whom a user keeps away: the caller's blocks. */
package io.chatplatform.api.contact;

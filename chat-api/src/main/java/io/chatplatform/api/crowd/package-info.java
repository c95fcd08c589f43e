/** REST administration of crowd zones, for platform ADMINs, with each zone's live head count. */
package io.chatplatform.api.crowd;

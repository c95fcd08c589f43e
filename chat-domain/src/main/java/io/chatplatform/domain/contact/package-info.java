/**
 * Who may reach whom: blocks between users, which the room rules, the message writer and presence consult.
 */
package io.chatplatform.domain.contact;

/** Operator commands of the server jar ({@code java -jar chat-server.jar admin ...}), run without the web server. */
package io.chatplatform.admin;

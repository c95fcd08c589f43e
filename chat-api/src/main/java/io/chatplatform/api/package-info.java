/** The HTTP face of the chat server: REST administration, authentication, errors as problem details, the web UI. */
package io.chatplatform.api;

/** Cross-cutting HTTP concerns: problem details with stable codes, the OpenAPI description. */
package io.chatplatform.api.web;

/** Operations: health of the infrastructure a node depends on. */
package io.chatplatform.api.ops;

/** The load generator's entry point: {@code java -jar chat-bench.jar <scenario> [options]}. */
package io.chatplatform.bench;

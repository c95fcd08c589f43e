/** The chat protocol as any client sees it: tokens, REST room set-up, frames, and one socket per user session. */
package io.chatplatform.bench.chat;

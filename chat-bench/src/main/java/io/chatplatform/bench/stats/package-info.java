/** What a run measured: latency histograms, loss and duplicate accounting, counters, and the target's memory and CPU. */
package io.chatplatform.bench.stats;

/** Results of a run (JSON), the summary table, latency charts (self-contained HTML/SVG) and the baseline comparison. */
package io.chatplatform.bench.report;

/** The load scenarios: message traffic in rooms (fanout, rooms, store) and idle connections. */
package io.chatplatform.bench.scenario;

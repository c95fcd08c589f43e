package io.chatplatform.ws.delivery;

import java.util.function.Consumer;

/** The bus of a single node: there is nobody else to tell. */
public class LocalClusterBus implements ClusterBus {

    @Override
    public void publish(Envelope envelope) {
    }

    @Override
    public void onReceive(Envelope.Target target, Consumer<Envelope> delivery) {
    }
}

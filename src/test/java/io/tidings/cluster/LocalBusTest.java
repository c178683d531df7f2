package io.tidings.cluster;

import io.tidings.delivery.Fanout;

class LocalBusTest extends BusContract {

    @Override
    protected Bus newBus(int historySize) {
        Fanout recording = new Fanout(null) {
            @Override
            public void deliver(String channel, long offset, String frame) {
                delivered.add(frame);
            }
        };
        return new LocalBus(recording, historySize, 300);
    }
}

package io.tidings.calls;

class LocalCallStoreTest extends CallStoreContract {

    @Override
    CallStore store() {
        return new LocalCallStore(LIMITS);
    }
}

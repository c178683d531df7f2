package io.tidings.messaging;

class LocalConversationStoreTest extends ConversationStoreContract {

    @Override
    protected ConversationStore newStore() {
        return new LocalConversationStore(1000, 1_000_000);
    }
}

package dev.warden.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.config.PostgresUri;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The state store's pool has 4 sessions; when many targets come up at once their records must queue
 * for them, not be refused (a refused record used to log "Could not record target ...
 * ConnectionPoolTooBusyException" from about 20 targets on).
 */
@ExtendWith(PostgresExtension.class)
class StateStoreQueueTest {
    private static final int TARGETS = 200;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /**
     * Nodes of a cluster started together create the missing state database at the same moment: the
     * loser's CREATE DATABASE fails on pg_database's unique name index (23505, not 42P04), which once
     * raised WardenStateStoreDown for a second (seen in ClusterSplitBrainTest). Each round, four stores
     * open one new database at once; every one of them opens it on the first try.
     */
    @Test
    void shouldOpenAStateDatabaseThatSeveralNodesCreateAtOnce(PostgresServer server) {
        TestDatabase neighbour = server.createDatabase("state_race");
        for (int round = 0; round < 5; round++) {
            String uri = neighbour.address().withDatabase(neighbour.name() + "_" + round).uri();
            List<StateStore> stores = IntStream.range(0, 4)
                    .mapToObj(i -> StateStore.open(vertx, PostgresUri.parse(uri, Map.of()), true)).toList();
            Future.join(stores.stream().map(StateStore::ready).toList()).otherwiseEmpty().await();

            assertThat(stores).as("round " + round).allSatisfy(store -> assertThat(store.ready().cause()).isNull());
            stores.forEach(store -> store.close().await());
        }
    }

    @Test
    void shouldRecordEveryTargetWhenTheyAllStartAtOnce(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_queue");
        StateStore store = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        store.ready().await();

        List<Future<Void>> records = IntStream.range(0, TARGETS)
                .mapToObj(i -> store.recordConnected("target_" + i, "17.0")).toList();
        Future.join(records).otherwiseEmpty().await();

        assertThat(records).allSatisfy(record -> assertThat(record.cause()).isNull());
        assertThat(database.sql().queryColumn("SELECT count(*) FROM warden.targets")).containsExactly(String.valueOf(TARGETS));
        store.close().await();
    }
}

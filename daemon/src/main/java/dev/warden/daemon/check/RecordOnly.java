package dev.warden.daemon.check;

import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.RollbackPort;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rollback port until the rollback engine is wired: decisions are recorded and alerted, nothing is changed. */
public final class RecordOnly implements RollbackPort {
    private static final Logger log = LoggerFactory.getLogger(RecordOnly.class);

    @Override
    public Future<Void> submit(Decision decision) {
        log.info("Decision {} for {} recorded; no rollback strategy is wired to act on it yet", decision.id(),
                decision.target());
        return Future.succeededFuture();
    }
}

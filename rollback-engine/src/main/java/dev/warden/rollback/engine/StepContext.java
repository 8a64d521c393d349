package dev.warden.rollback.engine;

import dev.warden.postgres.Connections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a step works with: the request, short-lived sessions on the target's server, and a place to
 * leave evidence. Each {@code on...} call opens its own session and closes it afterwards, so that
 * no step's session outlives it (a lingering session would block a rename or a clone).
 */
public final class StepContext {
    private final Vertx vertx;
    private final Clock clock;
    private final String rollbackId;
    private final RollbackRequest request;
    private final int fencePid;
    private final List<String> notes = new ArrayList<>();
    private volatile boolean interrupted;

    private StepContext(Vertx vertx, Clock clock, String rollbackId, RollbackRequest request, int fencePid) {
        this.vertx = vertx;
        this.clock = clock;
        this.rollbackId = rollbackId;
        this.request = request;
        this.fencePid = fencePid;
    }

    /** @param fencePid the backend pid of the fence's session, which no step may terminate */
    public static StepContext of(Vertx vertx, Clock clock, String rollbackId, RollbackRequest request, int fencePid) {
        return new StepContext(vertx, clock, rollbackId, request, fencePid);
    }

    public Vertx vertx() {
        return vertx;
    }

    public Clock clock() {
        return clock;
    }

    public String rollbackId() {
        return rollbackId;
    }

    public RollbackRequest request() {
        return request;
    }

    public int fencePid() {
        return fencePid;
    }

    /** The target database's name. */
    public String database() {
        return request.database();
    }

    /** Options for the target database (a copy). */
    public PgConnectOptions target() {
        return request.connection();
    }

    /** Options for the server's maintenance database (a copy): see {@link #maintenanceDatabase}. */
    public PgConnectOptions maintenance() {
        return request.connection().setDatabase(maintenanceDatabase(database()));
    }

    /** Runs {@code work} on a new session on the maintenance database, closed afterwards. */
    public <T> Future<T> onMaintenance(Function<SqlConnection, Future<T>> work) {
        return Connections.connect(vertx, maintenance()).compose(c -> work.apply(c).eventually(c::close));
    }

    /** Runs {@code work} on a new session on the target database, closed afterwards. */
    public <T> Future<T> onTarget(Function<SqlConnection, Future<T>> work) {
        return Connections.connect(vertx, target()).compose(c -> work.apply(c).eventually(c::close));
    }

    /**
     * Whether the step now running was journaled as started, and never as ended, by a Warden that
     * stopped: then what it finds half-made under the names of this rollback is its own, and may be
     * discarded and made again. False on a first run.
     */
    public boolean interrupted() {
        return interrupted;
    }

    /** Set by the runner before each step. */
    void interrupted(boolean underWayWhenStopped) {
        this.interrupted = underWayWhenStopped;
    }

    /** Adds a line of evidence to the rollback's outcome ("terminated 3 sessions"). */
    public void note(String line) {
        synchronized (notes) {
            notes.add(line);
        }
    }

    /** The notes added since the last call. */
    List<String> drainNotes() {
        synchronized (notes) {
            List<String> out = List.copyOf(notes);
            notes.clear();
            return out;
        }
    }

    /**
     * Where Warden's own sessions go while it acts on {@code database}: {@code postgres}, or
     * {@code template1} when the target is {@code postgres} itself. Never the target: a session there
     * would block its rename, and the clone or restore that uses it as a template.
     */
    public static String maintenanceDatabase(String database) {
        return "postgres".equals(database) ? "template1" : "postgres";
    }
}

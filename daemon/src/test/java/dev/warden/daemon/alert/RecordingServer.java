package dev.warden.daemon.alert;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny HTTP server that records every request and answers with a status the test chooses. */
final class RecordingServer implements AutoCloseable {
    record Request(String path, Map<String, String> headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    private RecordingServer(Vertx vertx) {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            request.headers().forEach(header -> headers.put(header.getKey(), header.getValue()));
            requests.add(new Request(request.path(), headers, body.toString()));
            if (status.get() > 0) {
                request.response().setStatusCode(status.get()).end(status.get() == 200 ? "" : "not now");
            }
        }));
    }

    static RecordingServer start(Vertx vertx) {
        RecordingServer recorder = new RecordingServer(vertx);
        recorder.server.listen(0, "127.0.0.1").await();
        return recorder;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** The requests received at this path, in order. */
    List<Request> received(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Answers every later request with this status; 0 never answers (a hanging receiver). */
    void answer(int statusCode) {
        status.set(statusCode);
    }

    @Override
    public void close() {
        server.close().await();
    }
}

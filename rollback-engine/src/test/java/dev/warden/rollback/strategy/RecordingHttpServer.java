package dev.warden.rollback.strategy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A real HTTP server on a free loopback port that records every request and answers as told. */
final class RecordingHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Recorded, Answer> answers = r -> new Answer(200, "{}");

    private RecordingHttpServer(Vertx vertx) {
        this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
    }

    static RecordingHttpServer start(Vertx vertx) {
        return new RecordingHttpServer(vertx);
    }

    /** The answer to each request, from what was received so far (the request included). */
    RecordingHttpServer answering(Function<Recorded, Answer> answers) {
        this.answers = answers;
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    List<Recorded> requests(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    @Override
    public void close() {
        server.close().await();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            Recorded recorded = new Recorded(request.method().name(), request.path(), headers, body.toString());
            requests.add(recorded);
            Answer answer = answers.apply(recorded);
            request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                    .end(answer.body());
        });
    }

    record Recorded(String method, String path, Map<String, String> headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    record Answer(int status, String body) {
    }
}

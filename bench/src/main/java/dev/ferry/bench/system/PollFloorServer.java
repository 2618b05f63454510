package dev.ferry.bench.system;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The floor under a poll: the same request ({@code POST /openai/v1/responses} with {@code x-bf-async-id}) answered
 * with the same bytes Ferry answered, read from a local RocksDB by the job id, on the smallest Javalin server. No
 * Kafka Streams, no routing, no JSON written: what any poll served from a RocksDB store costs on this machine at
 * least.
 */
public final class PollFloorServer implements AutoCloseable {

    private final Options options;
    private final RocksDB db;
    private final Javalin javalin;

    private PollFloorServer(Options options, RocksDB db, Javalin javalin) {
        this.options = options;
        this.db = db;
        this.javalin = javalin;
    }

    /** Stores {@code answers} (job id → poll answer) in a new RocksDB under {@code dir} and serves them. */
    public static PollFloorServer start(Path dir, Map<String, byte[]> answers) throws RocksDBException {
        RocksDB.loadLibrary();
        Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.toString());
        for (Map.Entry<String, byte[]> answer : answers.entrySet()) {
            db.put(answer.getKey().getBytes(StandardCharsets.UTF_8), answer.getValue());
        }
        db.flushWal(true);
        Javalin javalin = Javalin.create(cfg -> {
            cfg.routes.post("/openai/v1/responses", ctx -> {
                String id = ctx.header("x-bf-async-id");
                byte[] answer = id == null ? null : db.get(id.getBytes(StandardCharsets.UTF_8));
                if (answer == null) {
                    ctx.status(HttpStatus.NOT_FOUND).result("{}");
                } else {
                    ctx.contentType("application/json").result(answer);
                }
            });
            cfg.startup.showJavalinBanner = false;
        }).start("127.0.0.1", 0);
        return new PollFloorServer(options, db, javalin);
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        db.close();
        options.close();
    }
}

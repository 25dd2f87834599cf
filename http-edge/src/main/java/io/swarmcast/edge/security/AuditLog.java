package io.swarmcast.edge.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log of control actions: who did what to which campaign, when, and how it ended. One JSON
 * object per line in {@code <data>/audit.log}, appended and flushed per entry; the newest entries are
 * also kept in memory for {@code GET /api/audit}.
 */
public final class AuditLog implements AutoCloseable {
    private static final int KEEP = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Writer out;
    private final ArrayDeque<Map<String, Object>> recent = new ArrayDeque<>();

    public AuditLog(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file, e);
        }
    }

    public synchronized void record(Principal who, String action, String campaign, int status, String detail) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", Instant.now().toString());
        e.put("subject", who.subject());
        e.put("role", who.role() == null ? null : who.role().wireName());
        e.put("tenant", who.tenant());
        e.put("action", action);
        e.put("campaign", campaign);
        e.put("status", status);
        if (detail != null) {
            e.put("detail", detail);
        }
        recent.addLast(e);
        if (recent.size() > KEEP) {
            recent.removeFirst();
        }
        try {
            out.write(JSON.writeValueAsString(e));
            out.write('\n');
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the audit log", ex);
        }
    }

    /** The newest {@code limit} entries, oldest first. */
    public synchronized List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> all = new ArrayList<>(recent);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // closing at shutdown
        }
    }
}

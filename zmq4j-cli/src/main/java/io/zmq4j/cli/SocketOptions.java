package io.zmq4j.cli;

import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options every socket command shares (a picocli mixin). */
public final class SocketOptions {
    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", converter = TypeConverter.class,
            description = "Socket type, case-insensitive: PAIR, PUSH, PULL, REQ, REP, DEALER, ROUTER, STREAM, ... Default: PUSH for send, PULL for recv, REP for echo.")
    SocketType type;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Build the socket from this config file (YAML, or ZPL if named .zpl/.cfg/.conf): type, endpoints, "
                    + "options, mechanism and keys, and an auth: section for the authenticator. Flags given as well override it.")
    Path config;

    @Option(names = "--socket", paramLabel = "NAME",
            description = "With --config: the file's socket to use. Default: the file's only socket.")
    String socketName;

    @Option(names = {"-b", "--bind"}, paramLabel = "ENDPOINT",
            description = "Bind to ENDPOINT (repeatable), e.g. tcp://*:5555, ipc:///tmp/sock, inproc://name.")
    List<String> bind = new ArrayList<>();

    @Option(names = {"-c", "--connect"}, paramLabel = "ENDPOINT",
            description = "Connect to ENDPOINT (repeatable), e.g. tcp://127.0.0.1:5555.")
    List<String> connect = new ArrayList<>();

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after N messages (send: send the FRAME message N times).")
    Integer count;

    @Option(names = "--timeout", paramLabel = "MS",
            description = "Exit 1 if nothing happens (no message sent or received) for MS milliseconds. Default: wait for ever.")
    Long timeoutMs;

    @Option(names = "--identity", paramLabel = "ID", description = "Routing id (ZMQ_ROUTING_ID) this socket announces to peers.")
    String identity;

    @Option(names = "--hwm", paramLabel = "N", description = "Send and receive high-water mark, in messages (0: no limit).")
    Integer hwm;

    @Option(names = "--linger", paramLabel = "MS",
            description = "How long unsent messages may linger after close (-1: for ever). Default: the --timeout if given, else for ever.")
    Integer lingerMs;

    @Option(names = "--delay", paramLabel = "MS", description = "Wait MS milliseconds after bind/connect before the first send.")
    Long delayMs;

    @Option(names = "--heartbeat", paramLabel = "IVL[,TIMEOUT[,TTL]]", converter = HeartbeatConverter.class,
            description = "ZMTP heartbeats, in milliseconds: send a PING every IVL, drop a connection silent for TIMEOUT "
                    + "(default IVL), and ask peers to drop us after TTL of silence (0 to 6553500, whole tenths of a second).")
    Heartbeat heartbeat;

    @Option(names = "--monitor",
            description = "Print each socket event (LISTENING, ACCEPTED, CONNECTED, DISCONNECTED, ...) on standard error, "
                    + "one line each, beginning with the event name.")
    boolean monitor;

    /** A parsed {@code --heartbeat IVL[,TIMEOUT[,TTL]]}; null TIMEOUT or TTL when not given. */
    record Heartbeat(long intervalMs, Long timeoutMs, Long ttlMs) {}

    /** Parses {@code IVL[,TIMEOUT[,TTL]]}: one to three non-negative whole numbers of milliseconds. */
    static final class HeartbeatConverter implements ITypeConverter<Heartbeat> {
        @Override
        public Heartbeat convert(String value) {
            String[] parts = value.split(",", -1);
            if (parts.length > 3) {
                throw bad(value, "at most three numbers");
            }
            long[] ms = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].strip();
                if (!p.matches("[0-9]{1,10}")) {
                    throw bad(value, "'" + parts[i] + "' is not a whole number of milliseconds (0 or more)");
                }
                ms[i] = Long.parseLong(p);
                if (ms[i] > Integer.MAX_VALUE) {
                    throw bad(value, p + " ms is too long");
                }
            }
            return new Heartbeat(ms[0], ms.length > 1 ? ms[1] : null, ms.length > 2 ? ms[2] : null);
        }

        private static TypeConversionException bad(String value, String why) {
            return new TypeConversionException("'" + value + "' is not IVL[,TIMEOUT[,TTL]] in milliseconds: " + why);
        }
    }

    /** Parses a socket type with core's rules, as a picocli conversion error when unknown. */
    static final class TypeConverter implements ITypeConverter<SocketType> {
        @Override
        public SocketType convert(String value) {
            try {
                return SocketType.parse(value);
            } catch (ZmqException e) {
                throw new TypeConversionException("unknown socket type '" + value + "' (expected one of " + typeList() + ")");
            }
        }

        static String typeList() {
            StringBuilder sb = new StringBuilder();
            for (SocketType t : SocketType.values()) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(t.name());
            }
            return sb.toString();
        }
    }
}

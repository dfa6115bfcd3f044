package io.zmq4j.config;

import io.zmq4j.Context;
import io.zmq4j.Socket;
import io.zmq4j.SocketBuilder;
import io.zmq4j.SocketOption;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One socket's setup as a config file gives it: its type (which a file may leave to the
 * program), endpoints, subscriptions and options. It is a {@link SocketBuilder} underneath, and
 * sockets are only ever made by {@link #builder()}'s {@code build}: a config adds no second way
 * of setting an option. Read from a {@link ConfigFile}; made from a builder by {@link #of}.
 *
 * <pre>{@code
 * ConfigFile file = ConfigFile.read(Path.of("server.yml"));
 * try (Context ctx = Context.create();
 *      Socket server = file.socket("server").builder(SocketType.SERVER).build(ctx)) {
 *     Msg request = server.recv();
 * }
 * }</pre>
 *
 * <p>A socket in YAML (keys are {@link SocketOption#name()}s, durations {@code 300ms}, {@code 1s},
 * {@code 2m}, {@code 1h} or {@code infinite}):
 * <pre>
 * server:
 *   type: server
 *   bind:
 *     - tcp: "127.0.0.1:*"
 *   heartbeat: {interval: 1s, timeout: 3s, ttl: 3s}
 *   send_high_water_mark: 10
 *   send_timeout: 300ms
 *   mechanism:
 *     curve_server:
 *       secret: "iaoRiIVA^VgV:f4a&lt;@{8K{cP62cE:dh=4:oY+^l("
 * </pre>
 */
public final class SocketConfig {
    private final SocketType type;
    private final SocketBuilder template;
    /** Where each field came from ("bind[0]", "send_timeout" → "file:line: path"), for errors found at build. */
    private final Map<String, String> where;

    SocketConfig(SocketType type, SocketBuilder template, Map<String, String> where) {
        this.type = type;
        this.template = template;
        this.where = where;
    }

    /** The config of a builder (its type, options, subscriptions, groups and endpoints). */
    public static SocketConfig of(SocketBuilder builder) {
        return new SocketConfig(builder.type(), builder, Map.of());
    }

    /** The socket type the file gives, or null when it leaves it to the program. */
    public SocketType type() {
        return type;
    }

    /**
     * The builder of this socket; EINVAL naming the file, line and socket when the file gives no
     * type (use {@link #builder(SocketType)}).
     */
    public SocketBuilder builder() {
        if (type == null) {
            String at = where.get("type");
            throw new ZmqException(ZmqException.Kind.EINVAL, (at == null ? "" : at + ": ")
                    + "no socket type: the config gives no key 'type'; give one in the file or to builder(type)");
        }
        return builder(type);
    }

    /**
     * The builder of this socket with this type, whatever the file says (a command-line flag
     * wins over the file). Each option is checked against the type; an error names the file, the
     * line and the key.
     */
    public SocketBuilder builder(SocketType socketType) {
        Objects.requireNonNull(socketType, "socket type");
        SocketBuilder b = SocketBuilder.of(socketType);
        for (SocketOption<?> o : template.options()) {
            b = copy(template, o, b);
            check(o.name(), copy(template, o, SocketBuilder.of(socketType)));
        }
        List<String> subs = template.subscriptions();
        List<String> groups = template.groups();
        b = b.subscribe(subs.toArray(new String[0])).join(groups.toArray(new String[0]));
        check("subscribe", SocketBuilder.of(socketType).subscribe(subs.toArray(new String[0])));
        check("join", SocketBuilder.of(socketType).join(groups.toArray(new String[0])));
        return b.bind(template.binds().toArray(new String[0])).connect(template.connects().toArray(new String[0]));
    }

    /** {@link #builder()} built in {@code ctx}: on any failure nothing is left open. */
    public Socket build(Context ctx) {
        return builder().build(ctx);
    }

    private static <T> SocketBuilder copy(SocketBuilder from, SocketOption<T> o, SocketBuilder to) {
        return to.set(o, from.get(o));
    }

    private void check(String field, SocketBuilder one) {
        try {
            one.validate();
        } catch (ZmqException e) {
            String at = where.get(field);
            if (at == null) {
                throw e;
            }
            throw new ZmqException(ZmqException.Kind.EINVAL, at + ": " + ConfigReader.strip(e), e);
        }
    }

    /** The builder as given, with the file's type (or PAIR as a stand-in when none), for writing and comparing. */
    SocketBuilder template() {
        return template;
    }

    /** Equal when type and every field are (where they were read from is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SocketConfig c && c.type == type && c.template.equals(template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return "SocketConfig" + (type == null ? "[no type] " : "") + template;
    }
}

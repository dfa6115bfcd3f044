package io.zmq4j.codegen;

import java.nio.file.Path;
import java.util.List;

/**
 * A zproto server or client model: the state machine of one connection, after superstates
 * are folded into the states that inherit them, with the codec model of its protocol.
 *
 * <pre>{@code
 * StateModel m = StateModelReader.read(Path.of("src/main/zproto/mdp_broker.xml"));
 * for (StateModel.State s : m.states()) {
 *     s.handlers().forEach(h -> System.out.println(s.name() + " --" + h.event() + "--> " + h.next()));
 * }
 * }</pre>
 *
 * @param kind     server ({@code zproto_server_c}) or client ({@code zproto_client_c})
 * @param name     the class name, e.g. {@code mdp_broker}
 * @param title    the title, may be empty
 * @param doc      the class's own text
 * @param protocol the codec model named by {@code protocol_class}
 * @param states   the states in model order; the first is where every connection starts
 * @param events   every event named in the model ({@code *} excluded), in first-use order
 * @param methods  client API methods ({@code <method>}), empty for a server
 * @param replies  client replies ({@code <reply>}), empty for a server
 * @param warnings problems that did not stop reading, with file and line
 * @param file     where the model was read from
 */
public record StateModel(Kind kind, String name, String title, String doc, ProtoModel protocol, List<State> states,
                         List<Event> events, List<Method> methods, List<Reply> replies, List<String> warnings,
                         Path file) {

    /** Which generator the model is for. */
    public enum Kind { SERVER, CLIENT }

    /** The event named {@code name} (case-insensitive, spaces and hyphens alike), or null. */
    public Event event(String name) {
        String k = StateModelReader.key(name);
        for (Event e : events) {
            if (StateModelReader.key(e.name()).equals(k)) {
                return e;
            }
        }
        return null;
    }

    /** The state named {@code name}, or null. */
    public State state(String name) {
        String k = StateModelReader.key(name);
        for (State s : states) {
            if (StateModelReader.key(s.name()).equals(k)) {
                return s;
            }
        }
        return null;
    }

    /**
     * A state.
     *
     * @param name     as written
     * @param inherit  the superstate's name, or null
     * @param handlers its own events, then those it inherits that it does not handle itself
     * @param star     the {@code *} handler (own, else inherited), or null
     * @param line     line in the model
     */
    public record State(String name, String inherit, List<Handler> handlers, Handler star, int line) {
        /** The handler for {@code event}, or null. */
        public Handler handler(Event event) {
            for (Handler h : handlers) {
                if (h.event().equals(event.name())) {
                    return h;
                }
            }
            return null;
        }
    }

    /**
     * What a state does on one event.
     *
     * @param event   the event's name ({@code *} for the wildcard)
     * @param next    the state to move to, or null to stay
     * @param actions in order
     * @param from    the state that declares it (the superstate for an inherited one)
     * @param line    line in the model
     */
    public record Handler(String event, String next, List<Action> actions, String from, int line) {}

    /**
     * An action: {@code send} (with {@code message}), {@code terminate}, or the user's code.
     *
     * @param name    as written
     * @param message for {@code send}, the protocol message as written in the codec model
     * @param line    line in the model
     */
    public record Action(String name, String message, int line) {
        /** True for the built-in {@code send}. */
        public boolean isSend() {
            return StateModelReader.key(name).equals("send");
        }

        /** True for the built-in {@code terminate}. */
        public boolean isTerminate() {
            return StateModelReader.key(name).equals("terminate");
        }
    }

    /**
     * An event.
     *
     * @param name    as first written
     * @param message the protocol message it is (a received message fires it), or null for an
     *                internal event (set by actions, timers, methods) or {@code expired}
     */
    public record Event(String name, ProtoModel.Message message) {
        /** True when a protocol message fires it. */
        public boolean isExternal() {
            return message != null;
        }

        /** True for the built-in {@code expired}. */
        public boolean isExpired() {
            return StateModelReader.key(name).equals("expired");
        }
    }

    /**
     * A client API method.
     *
     * @param name      as written ({@code constructor}, {@code destructor} or the user's)
     * @param returns   the reply field it returns ({@code return=}), or null
     * @param immediate true when it does not send anything to the actor
     * @param fields    its arguments
     * @param accepts   the replies it waits for, by name
     * @param doc       its text
     * @param line      line in the model
     */
    public record Method(String name, String returns, boolean immediate, List<ArgField> fields, List<String> accepts,
                         String doc, int line) {}

    /**
     * A reply from the client actor to its API.
     *
     * @param name   as written
     * @param fields its fields
     * @param line   line in the model
     */
    public record Reply(String name, List<ArgField> fields, int line) {}

    /**
     * A method argument or reply field: {@code string}, {@code number}, {@code frame}, {@code msg} and so on.
     *
     * @param name as written
     * @param type as written
     * @param line line in the model
     */
    public record ArgField(String name, String type, int line) {}
}

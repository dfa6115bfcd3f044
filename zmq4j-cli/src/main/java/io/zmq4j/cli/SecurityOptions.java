package io.zmq4j.cli;

import io.zmq4j.Authenticator;
import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Socket;
import io.zmq4j.ZmqException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The security options of {@code send}, {@code recv} and {@code echo} (a picocli mixin): CURVE
 * server or client, the CURVE clients a server admits, PLAIN client credentials or a PLAIN
 * server's password file. Checked by {@link #check} before any socket exists (every problem is
 * a usage error), applied by {@link #apply} to the socket before bind/connect.
 */
public final class SecurityOptions {
    @Option(names = "--curve-server", paramLabel = "SECRET_Z85",
            description = "Act as a CURVE server with this secret key (40 Z85 characters, e.g. from 'zmq4j keygen'). "
                    + "Clients are all let in unless --curve-allow is given.")
    String curveServer;

    @Option(names = "--curve-client", paramLabel = "SERVER_PUBLIC_Z85",
            description = "Act as a CURVE client of the server with this public key (40 Z85 characters).")
    String curveClient;

    @Option(names = "--curve-public", paramLabel = "PUBLIC_Z85",
            description = "With --curve-client: this client's long-term public key (needs --curve-secret). "
                    + "Default: an ephemeral keypair.")
    String curvePublic;

    @Option(names = "--curve-secret", paramLabel = "SECRET_Z85",
            description = "With --curve-client: this client's long-term secret key (the public key is derived from it "
                    + "unless --curve-public is also given, which must then match). Default: an ephemeral keypair.")
    String curveSecret;

    @Option(names = "--curve-allow", paramLabel = "PUBLIC_Z85",
            description = "With --curve-server: admit only CURVE clients with these public keys (repeatable). "
                    + "Default: any client.")
    List<String> curveAllow = new ArrayList<>();

    @Option(names = "--plain", paramLabel = "USER:PASSWORD",
            description = "Act as a PLAIN client with these credentials (split at the first ':').")
    String plain;

    @Option(names = "--plain-server", paramLabel = "PASSWORDS_FILE",
            description = "Act as a PLAIN server admitting the users of this file (lines user=password).")
    Path plainServer;

    /** Checked values, filled by {@link #check}. */
    private byte[] serverSecret;
    private byte[] serverKey;
    private CurveKeyPair clientPair;
    private String plainUser;
    private String plainPassword;

    /** Whether any security option was given. */
    boolean any() {
        return curveServer != null || curveClient != null || curvePublic != null || curveSecret != null
                || !curveAllow.isEmpty() || plain != null || plainServer != null;
    }

    /**
     * Checks the combination and every value; {@code usage} turns a message into the command's
     * usage error (exit 2, one line).
     */
    void check(Function<String, RuntimeException> usage) {
        List<String> mechanisms = new ArrayList<>();
        if (curveServer != null) {
            mechanisms.add("--curve-server");
        }
        if (curveClient != null) {
            mechanisms.add("--curve-client");
        }
        if (plain != null) {
            mechanisms.add("--plain");
        }
        if (plainServer != null) {
            mechanisms.add("--plain-server");
        }
        if (mechanisms.size() > 1) {
            throw usage.apply("conflicting options " + String.join(" and ", mechanisms) + ": give at most one of "
                    + "--curve-server, --curve-client, --plain, --plain-server");
        }
        if ((curvePublic != null || curveSecret != null) && curveClient == null) {
            throw usage.apply("option '" + (curvePublic != null ? "--curve-public" : "--curve-secret")
                    + "' needs --curve-client SERVER_PUBLIC_Z85");
        }
        if (!curveAllow.isEmpty() && curveServer == null) {
            throw usage.apply("option '--curve-allow' needs --curve-server SECRET_Z85");
        }
        if (curveServer != null) {
            serverSecret = key("--curve-server", curveServer, usage);
        }
        if (curveClient != null) {
            serverKey = key("--curve-client", curveClient, usage);
            if (curvePublic != null && curveSecret == null) {
                throw usage.apply("option '--curve-public' needs --curve-secret SECRET_Z85 as well");
            }
            if (curveSecret != null) {
                clientPair = CurveKeyPair.fromSecret(key("--curve-secret", curveSecret, usage));
                if (curvePublic != null) {
                    byte[] pub = key("--curve-public", curvePublic, usage);
                    if (!Arrays.equals(pub, clientPair.publicKey())) {
                        throw usage.apply("option '--curve-public' " + curvePublic
                                + " is not the public key of --curve-secret (that is " + clientPair.publicZ85() + ")");
                    }
                }
            }
        }
        for (String k : curveAllow) {
            key("--curve-allow", k, usage);
        }
        if (plain != null) {
            int colon = plain.indexOf(':');
            if (colon < 0) {
                throw usage.apply("invalid value for option '--plain': expected USER:PASSWORD, got no ':'");
            }
            plainUser = plain.substring(0, colon);
            plainPassword = plain.substring(colon + 1);
            if (plainUser.isEmpty()) {
                throw usage.apply("invalid value for option '--plain': the user name is empty");
            }
            if (plainUser.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255
                    || plainPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
                throw usage.apply("invalid value for option '--plain': user and password are at most 255 bytes each");
            }
        }
        if (plainServer != null && !(Files.isRegularFile(plainServer) && Files.isReadable(plainServer))) {
            throw usage.apply("invalid value for option '--plain-server': no readable file " + plainServer);
        }
    }

    /** A 32-byte key from its Z85 text, or a usage error naming the option. */
    private static byte[] key(String option, String z85, Function<String, RuntimeException> usage) {
        if (z85.length() != 40) {
            throw usage.apply("invalid value for option '" + option + "': a CURVE key is 40 Z85 characters, not "
                    + z85.length());
        }
        try {
            return CurveKeyPair.decodeKey(z85);
        } catch (ZmqException e) {
            throw usage.apply("invalid value for option '" + option + "': '" + z85 + "' is not Z85 ("
                    + SocketCommand.message(e) + ")");
        }
    }

    /**
     * Starts the ZAP handler this run needs on {@code ctx} (CURVE server with --curve-allow, or a
     * PLAIN server), or returns null when none is needed. Call before the socket binds.
     */
    Authenticator startAuthenticator(Context ctx) {
        return startAuthenticator(ctx, null);
    }

    /** As {@link #startAuthenticator(Context)}, adding to {@code running} (a config file's) when there is one. */
    Authenticator startAuthenticator(Context ctx, Authenticator running) {
        if (serverSecret != null && !curveAllow.isEmpty()) {
            return (running != null ? running : Authenticator.start(ctx)).allowCurveKeys(curveAllow);
        }
        if (plainServer != null) {
            Authenticator auth = running != null ? running : Authenticator.start(ctx);
            try {
                return auth.setPasswordFile(plainServer);
            } catch (RuntimeException e) {
                auth.close();
                throw new CliFailure("cannot read --plain-server file " + plainServer + ": "
                        + (e.getCause() != null ? e.getCause() : e));
            }
        }
        return running;
    }

    /** Sets the socket's mechanism and keys; call before bind/connect. */
    void apply(Socket socket) {
        if (serverSecret != null) {
            socket.setCurveServer(true).setCurveSecretKey(serverSecret);
        } else if (serverKey != null) {
            socket.setCurveServerKey(serverKey);
            if (clientPair != null) {
                socket.setCurvePublicKey(clientPair.publicKey()).setCurveSecretKey(clientPair.secretKey());
            }
        } else if (plainUser != null) {
            socket.setPlainCredentials(plainUser, plainPassword);
        } else if (plainServer != null) {
            socket.setPlainServer(true);
        }
    }
}

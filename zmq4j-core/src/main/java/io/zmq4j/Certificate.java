package io.zmq4j;

import io.zmq4j.internal.security.CryptoBox;
import io.zmq4j.internal.security.Z85;
import io.zmq4j.internal.zpl.ZplException;
import io.zmq4j.internal.zpl.ZplNode;
import io.zmq4j.internal.zpl.ZplReader;
import io.zmq4j.internal.zpl.ZplWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A CURVE certificate in CZMQ's format ({@code zcert}): a keypair (or only a public key) plus
 * metadata, saved as two ZPL files, {@code NAME} with the public key and {@code NAME_secret}
 * with both keys. Files written here are read by CZMQ and pyzmq, and theirs by us.
 *
 * <pre>{@code
 * Certificate server = Certificate.create().setMeta("name", "broker");
 * server.save(Path.of("certs/broker"));          // certs/broker and certs/broker_secret
 * Certificate back = Certificate.load(Path.of("certs/broker"));   // reads broker_secret first
 * socket.setCurveServer(true).setCurveSecretKey(back.secretKey());
 * }</pre>
 */
public final class Certificate {
    private final byte[] publicKey;
    private final byte[] secretKey; // null for a public certificate
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Certificate(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** A certificate with a fresh keypair. */
    public static Certificate create() {
        return of(CurveKeyPair.generate());
    }

    /** A certificate of an existing keypair. */
    public static Certificate of(CurveKeyPair pair) {
        return new Certificate(pair.publicKey(), pair.secretKey());
    }

    /** A public-only certificate (a peer's key). */
    public static Certificate ofPublic(byte[] publicKey) {
        if (publicKey == null || publicKey.length != 32) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "a CURVE public key is 32 bytes");
        }
        return new Certificate(publicKey.clone(), null);
    }

    public static Certificate ofPublic(String publicZ85) {
        return ofPublic(CurveKeyPair.decodeKey(publicZ85));
    }

    /** Sets a metadata entry (saved in the {@code metadata} section). */
    public Certificate setMeta(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        metadata.put(name, value);
        return this;
    }

    public String meta(String name) {
        return metadata.get(name);
    }

    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String publicZ85() {
        return Z85.encode(publicKey);
    }

    /** The secret key, or null for a public certificate. */
    public byte[] secretKey() {
        return secretKey == null ? null : secretKey.clone();
    }

    public String secretZ85() {
        return secretKey == null ? null : Z85.encode(secretKey);
    }

    /** Whether the secret key is known. */
    public boolean hasSecret() {
        return secretKey != null;
    }

    /** The keypair; EINVAL for a public certificate. */
    public CurveKeyPair keyPair() {
        if (secretKey == null) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "certificate " + publicZ85() + " has no secret key");
        }
        return CurveKeyPair.fromSecret(secretKey);
    }

    /** Writes {@code path} (public) and {@code path_secret} (both keys, owner-only where the file system allows). */
    public void save(Path path) throws IOException {
        savePublic(path);
        if (secretKey != null) {
            saveSecret(Path.of(path + "_secret"));
        }
    }

    /** Writes the public certificate. */
    public void savePublic(Path path) throws IOException {
        write(path, render(false));
    }

    /** Writes the secret certificate (both keys). */
    public void saveSecret(Path path) throws IOException {
        if (secretKey == null) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "certificate " + publicZ85() + " has no secret key to save");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(path);
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        }
        Files.writeString(path, render(true), StandardCharsets.UTF_8);
    }

    private static void write(Path path, String text) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    /** The ZPL text CZMQ's zcert_save_public / zcert_save_secret write. */
    String render(boolean secret) {
        StringBuilder sb = new StringBuilder();
        sb.append("#   ****  Generated on ").append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")))
                .append(" by zmq4j  ****\n");
        if (secret) {
            sb.append("#   ZeroMQ CURVE **Secret** Certificate\n");
            sb.append("#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n");
        } else {
            sb.append("#   ZeroMQ CURVE Public Certificate\n");
            sb.append("#   Exchange securely, or use a secure mechanism to verify the contents\n");
            sb.append("#   of this file after exchange. Store public certificates in your home\n");
            sb.append("#   directory, in the .curve subdirectory.\n");
        }
        sb.append("\nmetadata\n");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            sb.append("    ").append(e.getKey()).append(" = ").append(ZplWriter.quote(e.getValue())).append('\n');
        }
        sb.append("curve\n");
        sb.append("    public-key = ").append(ZplWriter.quote(publicZ85())).append('\n');
        if (secret) {
            sb.append("    secret-key = ").append(ZplWriter.quote(secretZ85())).append('\n');
        }
        return sb.toString();
    }

    /**
     * Loads a certificate as CZMQ's zcert_load: {@code path_secret} if it exists (both keys),
     * otherwise {@code path} itself (public, or both keys if it holds a secret key).
     */
    public static Certificate load(Path path) throws IOException {
        Path secret = Path.of(path + "_secret");
        return read(Files.exists(secret) ? secret : path);
    }

    /** Reads exactly this file. */
    public static Certificate read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Reads a certificate's ZPL text; {@code file} names it in errors. */
    static Certificate parse(String text, String file) throws IOException {
        ZplNode zpl;
        try {
            zpl = ZplReader.parse(text, file);
        } catch (ZplException e) {
            throw new IOException(e.detail(), e); // names the file and line
        }
        String pub = zpl.get("curve/public-key");
        if (pub == null || pub.length() != 40) {
            throw new IOException(file + ": no 40-character curve/public-key");
        }
        String sec = zpl.get("curve/secret-key");
        byte[] secBytes = null;
        try {
            if (sec != null) {
                if (sec.length() != 40) {
                    throw new IOException(file + ": curve/secret-key must be 40 Z85 characters, not " + sec.length());
                }
                secBytes = Z85.decode(sec);
            }
            byte[] pubBytes = Z85.decode(pub);
            if (secBytes != null && !java.security.MessageDigest.isEqual(CryptoBox.publicKey(secBytes), pubBytes)) {
                throw new IOException(file + ": curve/secret-key does not belong to curve/public-key");
            }
            Certificate c = new Certificate(pubBytes, secBytes);
            ZplNode meta = zpl.locate("metadata");
            if (meta != null) {
                for (ZplNode m : meta.children()) {
                    if (m.value() != null) {
                        c.metadata.put(m.name(), m.value());
                    }
                }
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Certificate)) {
            return false;
        }
        Certificate c = (Certificate) o;
        return java.util.Arrays.equals(publicKey, c.publicKey) && java.util.Arrays.equals(secretKey, c.secretKey)
                && metadata.equals(c.metadata);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "Certificate[" + publicZ85() + (secretKey == null ? "" : " +secret") + " " + metadata + "]";
    }
}

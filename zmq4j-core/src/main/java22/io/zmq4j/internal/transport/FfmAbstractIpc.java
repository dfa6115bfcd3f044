package io.zmq4j.internal.transport;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Abstract ipc through the FFM API (Java 22 or later), with neither JNI nor the JDK's internals.
 * NIO cannot adopt a descriptor it did not make, so NIO is made to make one: a listener bound to
 * a private temporary path, or a client connected to a throwaway listener there. That channel's
 * descriptor is found by the path the kernel reports for it, and replaced in place (dup3) by a
 * socket bound or connected to the abstract address; from then on NIO selects, reads, writes and
 * closes the abstract socket as its own. Finding the descriptor lists /proc/self/fd: each bind and
 * connect costs one getsockname or getpeername per open descriptor, which is nothing on the hot
 * path. NIO still reports the temporary path as the channel's own (listener) or remote (client)
 * address, so callers use the endpoint text instead.
 */
final class FfmAbstractIpc implements AbstractIpc.Impl {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int EAGAIN = 11;
    private static final int EADDRINUSE = 98;
    private static final int ECONNREFUSED = 111;
    /** sa_family (2 bytes) and sun_path (108). */
    private static final int SOCKADDR_UN = 110;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final AddressLayout PTR = ValueLayout.ADDRESS;
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle LISTEN = handle("listen", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle CONNECT = handle("connect", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle DUP3 = handle("dup3", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle GETSOCKNAME = handle("getsockname", FunctionDescriptor.of(INT, INT, PTR, PTR));
    private static final MethodHandle GETPEERNAME = handle("getpeername", FunctionDescriptor.of(INT, INT, PTR, PTR));

    private static final AtomicLong SEQ = new AtomicLong();
    private static volatile Path scratch;

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        MemorySegment f = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(f, d, Linker.Option.captureCallState("errno"));
    }

    @Override
    public ServerSocketChannel bind(byte[] name, int backlog) throws IOException {
        Path temp = scratchPath("l");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean done = false;
        try (Arena arena = Arena.ofConfined()) {
            ch.bind(UnixDomainSocketAddress.of(temp), 1);
            int target = findDescriptor(arena, temp, false);
            int s = check(arena, "socket", SOCKET, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            try {
                int rc = call(arena, BIND, s, abstractAddress(arena, name), 3 + name.length);
                if (rc < 0) {
                    int errno = -rc;
                    if (errno == EADDRINUSE) {
                        throw new BindException("address already in use");
                    }
                    throw new IOException("bind: errno " + errno);
                }
                check(arena, "listen", LISTEN, s, backlog);
                check(arena, "dup3", DUP3, s, target, O_CLOEXEC);
            } finally {
                call(arena, CLOSE, s);
            }
            done = true;
            return ch;
        } finally {
            Files.deleteIfExists(temp);
            if (!done) {
                ch.close();
            }
        }
    }

    @Override
    public SocketChannel connect(byte[] name) throws IOException {
        Path temp = scratchPath("c");
        SocketChannel ch = null;
        boolean done = false;
        try (Arena arena = Arena.ofConfined();
                ServerSocketChannel throwaway = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            throwaway.bind(UnixDomainSocketAddress.of(temp), 1);
            ch = SocketChannel.open(UnixDomainSocketAddress.of(temp));
            try (SocketChannel other = throwaway.accept()) {
                // blocking mode is a flag of the open file, which dup3 replaces: match it first
                ch.configureBlocking(false);
                int target = findDescriptor(arena, temp, true);
                int s = check(arena, "socket", SOCKET, AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
                try {
                    int rc = call(arena, CONNECT, s, abstractAddress(arena, name), 3 + name.length);
                    if (rc < 0) {
                        int errno = -rc;
                        if (errno == ECONNREFUSED || errno == EAGAIN) {
                            // nobody listens there, or its backlog is full: libzmq retries both
                            throw new ConnectException("connection refused (errno " + errno + ")");
                        }
                        throw new IOException("connect: errno " + errno);
                    }
                    check(arena, "dup3", DUP3, s, target, O_CLOEXEC);
                } finally {
                    call(arena, CLOSE, s);
                }
            }
            done = true;
            return ch;
        } finally {
            Files.deleteIfExists(temp);
            if (!done && ch != null) {
                ch.close();
            }
        }
    }

    private static MemorySegment abstractAddress(Arena arena, byte[] name) {
        MemorySegment sa = arena.allocate(SOCKADDR_UN);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        // sun_path[0] stays 0: that NUL is what makes the address abstract
        MemorySegment.copy(name, 0, sa, ValueLayout.JAVA_BYTE, 3, name.length);
        return sa;
    }

    /** The descriptor whose own ({@code peer} false) or peer's address is {@code path}. */
    private static int findDescriptor(Arena arena, Path path, boolean peer) throws IOException {
        byte[] want = path.toString().getBytes(StandardCharsets.UTF_8);
        MemorySegment sa = arena.allocate(SOCKADDR_UN);
        MemorySegment len = arena.allocate(INT);
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : fds) {
                int fd;
                try {
                    fd = Integer.parseInt(entry.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                len.set(INT, 0, SOCKADDR_UN);
                if (call(arena, peer ? GETPEERNAME : GETSOCKNAME, fd, sa, len) != 0) {
                    continue;
                }
                int n = len.get(INT, 0) - 2;
                if (sa.get(ValueLayout.JAVA_SHORT, 0) != AF_UNIX || n < want.length || n > want.length + 1) {
                    continue;
                }
                if (Arrays.equals(sa.asSlice(2, want.length).toArray(ValueLayout.JAVA_BYTE), want)) {
                    return fd;
                }
            }
        }
        throw new IOException("cannot find the descriptor of the channel on " + path + " in /proc/self/fd");
    }

    private static Path scratchPath(String kind) throws IOException {
        Path dir = scratch;
        if (dir == null) {
            synchronized (FfmAbstractIpc.class) {
                dir = scratch;
                if (dir == null) {
                    dir = Files.createTempDirectory("zmq4j-ipc-");
                    dir.toFile().deleteOnExit();
                    scratch = dir;
                }
            }
        }
        return dir.resolve(kind + SEQ.incrementAndGet());
    }

    /** The call's result when it succeeded, else minus its errno. */
    private static int call(Arena arena, MethodHandle h, Object... args) throws IOException {
        MemorySegment state = arena.allocate(CAPTURE);
        Object[] all = new Object[args.length + 1];
        all[0] = state;
        System.arraycopy(args, 0, all, 1, args.length);
        try {
            int rc = (int) h.invokeWithArguments(all);
            return rc < 0 ? -Math.max(1, (int) ERRNO.get(state, 0L)) : rc;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    private static int check(Arena arena, String what, MethodHandle h, Object... args) throws IOException {
        int rc = call(arena, h, args);
        if (rc < 0) {
            throw new IOException(what + ": errno " + -rc);
        }
        return rc;
    }
}

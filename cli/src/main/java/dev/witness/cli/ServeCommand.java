package dev.witness.cli;

import dev.witness.cli.viewer.ViewerServer;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code witness serve}: the local web viewer, until interrupted (Ctrl-C). */
@Command(name = "serve", description = {"Serve a local web page over the store: the session list with filters, and each",
        "session's timeline with its verification status. Bound to 127.0.0.1; every request needs the printed token."})
public final class ServeCommand extends StoreCommand {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7070", description = "TCP port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Anything but loopback exposes the recordings to the network: the token is then the only guard.")
    String bind;

    @Override
    protected void validate() {
        if (port < 0 || port > 65535) {
            throw CliException.usage("--port " + port + ": expected 0 to 65535");
        }
    }

    @Override
    protected int run(RecordingStore store, RecordingReader reader, String location) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw CliException.usage("--bind " + bind + ": unknown address");
        }
        ViewerServer server;
        try {
            server = ViewerServer.start(reader, location, address, port, ViewerServer.newToken());
        } catch (BindException e) {
            throw CliException.error("cannot listen on " + bind + ":" + port + ": " + e.getMessage() + " (try --port 0)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C / SIGTERM: stop serving, then let the command close the store before the JVM halts
        // (a file store closed cleanly needs no recovery at its next open)
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
            try {
                storeClosed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "witness-viewer-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out().println("Witness viewer for " + location);
            out().println("open " + server.url());
            out().println(address.isLoopbackAddress() ? "(only this machine can connect; every request needs the token; Ctrl-C to stop)"
                    : "WARNING: listening on " + bind + ": other machines can connect; the token is the only guard. Ctrl-C to stop.");
            out().flush();
            stopped.await();
        } catch (InterruptedException e) {
            // the interrupt is the request to stop, and is handled here: it must not stay pending, as the
            // store's file channels would refuse to close cleanly on an interrupted thread
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down
            }
        }
        return ExitCodes.OK;
    }
}

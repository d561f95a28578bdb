package dev.witness.storage.file;

import java.nio.file.Path;

/** Child-process main for {@link LockTest}: opens the store, says so, and waits to be killed. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        FileStore store = FileStore.open(Path.of(args[0]), FileStoreOptions.defaults());
        System.out.println("LOCKED pid " + ProcessHandle.current().pid());
        System.out.flush();
        // blocks until the parent closes stdin or kills this process
        while (System.in.read() >= 0) {
            Thread.onSpinWait();
        }
        store.close();
    }
}

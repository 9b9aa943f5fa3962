package org.bankdata.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Keys of Postgres advisory locks: the first 64 bits of SHA-256 over (lake, name), the same in every process and
 * release, so two lakes sharing one database never share a lock.
 */
final class LockKeys {
    private LockKeys() {
    }

    static long key(String lake, String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(lake.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

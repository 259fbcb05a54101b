// Guest-layer expectations, over SSH into the server: the virtiofs tag is mounted read-write, data written before
// the move is intact, a new write works.

import { expect } from "chai";
import { type GuestSession, parseProcMounts, parseSha256, type ShareReading } from "../fixtures/guest.js";
import type { TestScope } from "../fixtures/scope.js";
import { check } from "./check.js";

/** Mounts `tag` at `dir` in the guest and checks /proc/mounts shows it as virtiofs, read-write. */
export async function expectGuestMount(
  t: TestScope,
  guest: GuestSession,
  tag: string,
  dir: string,
  host: string,
): Promise<void> {
  await expectGuestShare(t, guest, { tag, dir, host, files: [] });
}

/**
 * The mount check, one "data intact" check per file and, with `write`, the "new write" check, from ONE exec (mount
 * if absent, /proc/mounts, sha256sum of every file, then the write). Each check is still its own record with its
 * own message; the first that fails stops the rest, as when they ran one by one. Returns the new file's sha256.
 */
export async function expectGuestShare(
  t: TestScope,
  guest: GuestSession,
  s: {
    tag: string;
    dir: string;
    host: string;
    files: readonly { path: string; sha256: string }[];
    /** A new file to write (64 KiB of random data) once the files are checked. */
    write?: string;
  },
): Promise<string | undefined> {
  const { tag, dir, host } = s;
  const where = `guest ${guest.server.name} (server ${guest.server.id}) on host ${host}`;
  let reading: ShareReading | undefined;
  await check(t, "guest", `virtiofs ${tag} mounted rw at ${dir}`, { host, server: guest.server.id }, async () => {
    reading = await guest.mountAndRead(
      tag,
      dir,
      s.files.map((f) => f.path),
      s.write === undefined ? undefined : { path: s.write, kib: WRITE_KIB },
    );
    const { mount, mounts } = reading;
    expect(
      mount.exitCode,
      `share tag ${tag} not mounted in guest: ${where}: mount -t virtiofs ${tag} ${dir} failed: ${(mount.stderr || mount.stdout).trim()}`,
    ).to.equal(0);
    if (mounts.exitCode !== 0) {
      throw new Error(`${where}: cat /proc/mounts failed (exit ${mounts.exitCode}): ${mounts.stderr.trim()}`);
    }
    const line = parseProcMounts(mounts.stdout).find((m) => m.target === dir);
    expect(line, `share tag ${tag} not mounted in guest: ${where}: ${dir} absent from /proc/mounts`).to.exist;
    expect(line!.fstype, `${where}: ${dir} is mounted as ${line!.fstype}, expected virtiofs`).to.equal("virtiofs");
    expect(line!.source, `${where}: ${dir} shows tag ${line!.source}, expected ${tag}`).to.equal(tag);
    expect(
      line!.options,
      `share tag ${tag} mounted read-only in guest: ${where}: options ${line!.options.join(",")}`,
    ).to.include("rw");
  });
  for (const [i, f] of s.files.entries()) {
    const sum = reading!.sums[i]!;
    await dataCheck(t, guest, f.path, f.sha256, host, async () => {
      if (sum.exitCode !== 0) {
        throw new Error(
          `sha256sum ${f.path} exited ${sum.exitCode}${sum.stderr.trim() ? `: ${sum.stderr.trim()}` : ""}`,
        );
      }
      return parseSha256(sum.stdout, f.path, guest.server.name);
    });
  }
  if (s.write === undefined) return undefined;
  const written = reading!.written!;
  return writeCheck(t, guest, s.write, host, async () => {
    if (written.exitCode !== 0) {
      throw new Error(`exit ${written.exitCode}${written.stderr.trim() ? `: ${written.stderr.trim()}` : ""}`);
    }
    return parseSha256(written.stdout, s.write!, guest.server.name);
  });
}

/** The file written before the move is byte-identical (sha256). */
export async function expectData(
  t: TestScope,
  guest: GuestSession,
  path: string,
  sha256: string,
  host: string,
): Promise<void> {
  await dataCheck(t, guest, path, sha256, host, () => guest.sha256(path));
}

async function dataCheck(
  t: TestScope,
  guest: GuestSession,
  path: string,
  sha256: string,
  host: string,
  read: () => Promise<string>,
): Promise<void> {
  const where = `guest ${guest.server.name} on host ${host}`;
  await check(t, "guest", `data intact at ${path}`, { host, server: guest.server.id }, async () => {
    let seen: string;
    try {
      seen = await read();
    } catch (e) {
      throw new Error(`data written before the move is unreadable in ${where}: ${path}: ${(e as Error).message}`);
    }
    expect(
      seen,
      `data differs in ${where}: ${path} sha256 ${seen}, expected ${sha256} (written before the move)`,
    ).to.equal(sha256);
  });
}

/** KiB of random data each new write puts into a share. */
const WRITE_KIB = 64;

/** A new write works and reads back. Returns the checksum of what was written. */
export async function expectWritable(t: TestScope, guest: GuestSession, path: string, host: string): Promise<string> {
  return writeCheck(t, guest, path, host, () => guest.writeRandomFile(path, WRITE_KIB));
}

async function writeCheck(
  t: TestScope,
  guest: GuestSession,
  path: string,
  host: string,
  write: () => Promise<string>,
): Promise<string> {
  const where = `guest ${guest.server.name} on host ${host}`;
  return check(t, "guest", `new write at ${path}`, { host, server: guest.server.id }, async () => {
    try {
      return await write();
    } catch (e) {
      throw new Error(`share not writable in ${where}: writing ${path} failed: ${(e as Error).message}`);
    }
  });
}

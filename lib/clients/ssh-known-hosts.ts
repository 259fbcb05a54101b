// Host-key policy for RemoteClient, on OpenSSH known_hosts files.
//   accept-new : first contact records the key (per-run file); a different key later is refused.
//   known-hosts: the key must already be in the file.
//   insecure   : accept anything (logged).
// Entries are "host keytype base64" or "[host]:port keytype base64" (ports other than 22); hashed host
// names ("|1|salt|hmac") and comma-separated patterns are understood. Lines starting with "@" are ignored.

import { createHash, createHmac } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

export type HostKeyPolicy = "accept-new" | "known-hosts" | "insecure";

export interface KnownKey {
  type: string;
  base64: string;
  line: number;
}

export type HostKeyVerdict =
  | { ok: true; recorded: boolean; presented: string }
  | { ok: false; reason: string; presented: string; known: KnownKey[] };

/** The name OpenSSH writes for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Key type ("ssh-ed25519") from an SSH wire-format public key blob. */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return "unknown";
  const len = blob.readUInt32BE(0);
  return len > 0 && len <= 64 && blob.length >= 4 + len ? blob.subarray(4, 4 + len).toString("ascii") : "unknown";
}

/** OpenSSH-style fingerprint: `ssh-ed25519 SHA256:<base64 without padding>`. */
export function fingerprint(type: string, blob: Buffer): string {
  return `${type} SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith("|1|")) {
    const [, , salt, hash] = pattern.split("|");
    if (!salt || !hash) return false;
    const mac = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
    return mac === hash;
  }
  return pattern.split(",").some((p) => p === name);
}

/** Every key recorded for `name` in the file (empty when the file does not exist). */
export function readKnownKeys(path: string, name: string): KnownKey[] {
  if (!existsSync(path)) return [];
  const keys: KnownKey[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith("#") || line.startsWith("@")) return;
      const [hosts, type, base64] = line.split(/\s+/);
      if (hosts && type && base64 && patternMatches(hosts, name)) keys.push({ type, base64, line: i + 1 });
    });
  return keys;
}

/** Decide whether to trust `blob` for host:port under `policy`; accept-new appends unknown hosts to the file. */
export function verifyHostKey(
  policy: HostKeyPolicy,
  knownHostsPath: string | undefined,
  host: string,
  port: number,
  blob: Buffer,
): HostKeyVerdict {
  const type = keyTypeOfBlob(blob);
  const presented = fingerprint(type, blob);
  if (policy === "insecure") return { ok: true, recorded: false, presented };
  if (!knownHostsPath) {
    return { ok: false, reason: `host key policy "${policy}" needs a known_hosts file path`, presented, known: [] };
  }
  const name = knownHostsName(host, port);
  const known = readKnownKeys(knownHostsPath, name);
  const b64 = blob.toString("base64");
  if (known.some((k) => k.type === type && k.base64 === b64)) return { ok: true, recorded: false, presented };
  if (known.length > 0) {
    const seen = known.map((k) => `${fingerprint(k.type, Buffer.from(k.base64, "base64"))} (line ${k.line})`);
    return {
      ok: false,
      reason:
        `REMOTE HOST KEY CHANGED: ${knownHostsPath} records ${seen.join(", ")} for ${name}, the server presented ${presented}. ` +
        `If the guest was rebuilt or the address reused, remove the stale entry: ssh-keygen -R '${name}' -f ${knownHostsPath}`,
      presented,
      known,
    };
  }
  if (policy === "known-hosts") {
    return {
      ok: false,
      reason: `host key policy "known-hosts": ${name} is not in ${knownHostsPath} (server presented ${presented}); add it or use "accept-new"`,
      presented,
      known,
    };
  }
  mkdirSync(dirname(knownHostsPath), { recursive: true });
  appendFileSync(knownHostsPath, `${name} ${type} ${b64}\n`, { mode: 0o600 });
  return { ok: true, recorded: true, presented };
}

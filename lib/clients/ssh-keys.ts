// SSH key material: loading a private key safely, checking its file permissions like OpenSSH does, and
// generating the ed25519 keypairs the suite uploads to Nova. Key contents never appear in messages.

import { readFileSync, statSync } from "node:fs";
import ssh2 from "ssh2";
import { SshError } from "./errors.js";

const { utils } = ssh2;

export interface KeyPair {
  /** OpenSSH private key ("-----BEGIN OPENSSH PRIVATE KEY-----"). Secret. */
  privateKey: string;
  /** One authorized_keys line: "ssh-ed25519 AAAA... comment". */
  publicKey: string;
}

/**
 * A fresh ed25519 keypair in OpenSSH formats (fast: ~2 ms). ssh2 1.17's generator emits a private key its own
 * parser rejects ("Malformed OpenSSH private key") about 1% of the time, so each pair is parsed back and
 * regenerated until it round-trips — otherwise 1 run in 100 would fail for no reason of the cloud's.
 */
export function generateKeyPair(comment = "vftest"): KeyPair {
  for (let attempt = 0; attempt < 50; attempt++) {
    const k = utils.generateKeyPairSync("ed25519", { comment });
    if (!(utils.parseKey(k.private) instanceof Error) && !(utils.parseKey(k.public) instanceof Error)) {
      return { privateKey: k.private, publicKey: k.public };
    }
  }
  throw new SshError("could not generate a parseable ed25519 key pair after 50 attempts (ssh2 key generator)");
}

/**
 * Refuse a private key file readable or writable by group/others, as OpenSSH does ("UNPROTECTED PRIVATE KEY FILE").
 * Throws SshError naming the path, the mode seen and the fix.
 */
export function checkPrivateKeyFile(path: string): void {
  let mode: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new SshError(`ssh private key ${path} is not a regular file`);
    mode = st.mode & 0o777;
  } catch (e) {
    if (e instanceof SshError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new SshError(`ssh private key ${path} cannot be read (${code}); check validation.ssh_key`);
  }
  if ((mode & 0o077) !== 0) {
    throw new SshError(
      `ssh private key ${path} has permissions 0${mode.toString(8)}, which lets other users read it; ` +
        `run \`chmod 600 ${path}\` (group and others must have no access)`,
    );
  }
}

/**
 * Parse a private key (string or Buffer) and fail early with a useful message when ssh2 cannot use it.
 * `where` names the source for the message (a path or "inline key"), never the content.
 */
export function validatePrivateKey(key: string | Buffer, where: string): void {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) {
    const text = typeof key === "string" ? key : key.toString("latin1");
    const hint = text.includes("BEGIN PRIVATE KEY")
      ? "PKCS#8 keys are not supported by ssh2; convert with `ssh-keygen -p -m PEM -f <file>` or use an OpenSSH key"
      : text.includes("ENCRYPTED")
        ? "passphrase-protected keys are not supported; use an unencrypted key dedicated to the test run"
        : "use an OpenSSH, PKCS#1 RSA or SEC1 EC private key";
    throw new SshError(`ssh private key (${where}) cannot be parsed: ${parsed.message}; ${hint}`);
  }
}

/** Read and validate the private key from `path` after the permission check. */
export function loadPrivateKeyFile(path: string): Buffer {
  checkPrivateKeyFile(path);
  const key = readFileSync(path);
  validatePrivateKey(key, path);
  return key;
}

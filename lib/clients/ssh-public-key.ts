// The authorized_keys line of a private key (to upload a user-supplied key to Nova as a keypair).

import ssh2 from "ssh2";
import { SshError } from "./errors.js";

const { utils } = ssh2;

export function publicKeyLine(privateKey: string | Buffer, comment: string): string {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new SshError(`cannot derive the public key: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return `${key.type} ${key.getPublicSSH().toString("base64")} ${comment}`;
}

// ed25519 key pairs for the simulator's SSH endpoints and clients. ssh2 1.17's generateKeyPairSync("ed25519")
// emits a private key its own parser rejects ("Malformed OpenSSH private key") about 1% of the time, so every
// generated pair is parsed back and regenerated until it round-trips.

import ssh2 from "ssh2";

const { utils } = ssh2;

export interface KeyPair {
  /** OpenSSH private key (PEM-like text). */
  private: string;
  /** OpenSSH public key line "ssh-ed25519 AAAA… comment". */
  public: string;
}

export function generateEd25519(comment?: string): KeyPair {
  for (let attempt = 0; attempt < 50; attempt++) {
    const pair = utils.generateKeyPairSync("ed25519", comment ? { comment } : {});
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) {
      return { private: pair.private, public: pair.public };
    }
  }
  throw new Error("could not generate a parseable ed25519 key pair with ssh2 after 50 attempts");
}

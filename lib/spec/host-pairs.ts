// The host-pair certificate's vocabulary: an ordered pair of compute hosts, the two moves each pair gets
// (migrate+confirm, migrate+revert), and the stable test UUID of each, derived from the pair so the same pair has
// the same id in every run and on every cloud (a name-based UUID, RFC 9562 version 5, in vftest's own namespace).
// The CLI (which pairs to run), the suite (one test per pair and end) and the reporters (the matrix) share it.

import { createHash } from "node:crypto";

export interface HostPair {
  /** The host the server runs on before the move. */
  from: string;
  /** The host named in the targeted migration. */
  to: string;
}

export type PairEnd = "confirm" | "revert";
export const PAIR_ENDS: readonly PairEnd[] = ["confirm", "revert"];

/** The tag every host-pair test carries (`--tag host-pair`, and how reporters find them). */
export const HOST_PAIR_TAG = "host-pair";

/** vftest's namespace for name-based test UUIDs (itself a fixed random UUID). */
const NAMESPACE = "5d0f7a8e-3c1b-4e47-9a55-1f0c2b7e6d21";

function uuidV5(name: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ""), "hex");
  const h = createHash("sha1").update(ns).update(name, "utf8").digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The stable UUID of one pair's test. */
export function pairTestUuid(pair: HostPair, end: PairEnd): string {
  return uuidV5(`host-pair:${pair.from}:${pair.to}:${end}`);
}

/** The title of one pair's test; `parsePairTitle` reads it back from a result. */
export function pairTestTitle(pair: HostPair, end: PairEnd): string {
  return `migrate from ${pair.from} to ${pair.to} and ${end}`;
}

const TITLE_RE = /^migrate from (\S+) to (\S+) and (confirm|revert)(?: \[id-[0-9a-f-]+\])?$/;

export function parsePairTitle(title: string): { pair: HostPair; end: PairEnd } | undefined {
  const m = TITLE_RE.exec(title);
  return m ? { pair: { from: m[1]!, to: m[2]! }, end: m[3] as PairEnd } : undefined;
}

/** Every ordered pair of distinct hosts, in host order: n hosts give n * (n - 1) pairs. */
export function allPairs(hosts: readonly string[]): HostPair[] {
  return hosts.flatMap((from) => hosts.filter((to) => to !== from).map((to) => ({ from, to })));
}

/**
 * `all` or `A:B,C:D`, checked against the compute hosts that are up: the pairs, or one message saying what is
 * wrong (thrown as an Error; the CLI turns it into a usage error).
 */
export function resolvePairs(spec: string, hosts: readonly string[]): HostPair[] {
  const s = spec.trim();
  if (s === "all") {
    if (hosts.length < 2) {
      throw new Error(`--host-pairs all needs at least 2 compute hosts up; found ${hosts.join(", ") || "none"}`);
    }
    return allPairs(hosts);
  }
  const out: HostPair[] = [];
  for (const item of s.split(",").map((x) => x.trim())) {
    const [from, to, extra] = item.split(":");
    if (!from || !to || extra !== undefined) {
      throw new Error(`--host-pairs: "${item}" is not a pair; write all, or SOURCE:DEST[,SOURCE:DEST...]`);
    }
    if (from === to) throw new Error(`--host-pairs: "${item}" names the same host twice; a pair moves between two`);
    for (const h of [from, to]) {
      if (!hosts.includes(h)) {
        throw new Error(`--host-pairs: "${h}" is not an up nova-compute host (up: ${hosts.join(", ") || "none"})`);
      }
    }
    if (out.some((p) => p.from === from && p.to === to)) throw new Error(`--host-pairs: "${item}" is listed twice`);
    out.push({ from, to });
  }
  return out;
}

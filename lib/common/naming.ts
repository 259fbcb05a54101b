// Names of everything vftest creates: `vftest-<test slug>-[<kind>-]<8 hex>`, so a leaked server, share or keypair
// names the test that made it and `isVftestName` finds it. Names fit Nova share tags (^[a-zA-Z0-9-]*$),
// host names and Keystone names.

import { randomBytes } from "node:crypto";

export const VFTEST_PREFIX = "vftest-";

const MAX_SLUG = 40;

/** Lower-case, [a-z0-9-] only, no leading/trailing/double dashes, at most `max` characters. */
export function slug(text: string, max = MAX_SLUG): string {
  const s = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s.slice(0, max).replace(/-+$/, "");
}

export function randomHex(bytes = 4): string {
  return randomBytes(bytes).toString("hex");
}

/** `resourceName("cold migrate with one NFS share", "server")` -> "vftest-cold-migrate-with-one-nfs-share-server-1a2b3c4d". */
export function resourceName(testLabel: string, kind?: string): string {
  const parts = [slug(testLabel) || "test", kind ? slug(kind, 20) : ""].filter(Boolean);
  return `${VFTEST_PREFIX}${parts.join("-")}-${randomHex()}`;
}

/** True for names vftest generated (resourceName, run-scoped credential names). */
export function isVftestName(name: string): boolean {
  return /^vftest-[a-z0-9]+(-[a-z0-9]+)*$/.test(name);
}

/** A short id for one run, used in run-scoped names such as dynamic credentials: 6 hex digits. */
export function newRunId(): string {
  return randomHex(3);
}

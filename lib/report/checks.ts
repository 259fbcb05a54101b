// "What was checked on which hosts": tests record the facts they verified (a mount in the guest, a Manila access
// rule, a host-side virtiofsd) so the run summary can say, per host, what was looked at and whether it held.

export type CheckLayer = "api" | "guest" | "manila" | "host";

export interface CheckRecord {
  testUuid: string;
  layer: CheckLayer;
  host?: string;
  server?: string;
  share?: string;
  what: string;
  ok: boolean;
}

const checks: CheckRecord[] = [];

export function recordCheck(check: CheckRecord): void {
  checks.push({ ...check });
}

/** A copy of every check recorded in this process so far, in recording order. */
export function getChecks(): CheckRecord[] {
  return checks.map((c) => ({ ...c }));
}

export function clearChecks(): void {
  checks.length = 0;
}

// /sim/v1/latencies and /sim/v1/timing: what the simulated latencies cost a client's window (the critical path,
// see timing-log.ts), and changing the per-step latencies while the cloud runs (benchmarks move a failure's instant
// between runs without restarting the cloud).

import { badRequest, type Router } from "./http/router.js";
import type { RecordingTiming } from "./timing.js";

/** "1764581000000" (epoch ms) or an ISO 8601 timestamp; undefined when absent. */
function instant(name: string, text: string | null): number | undefined {
  if (text === null || text === "") return undefined;
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n)) throw badRequest(`${name}=${text}: expected epoch milliseconds or an ISO 8601 timestamp`);
  return n;
}

function record(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest('expected a body {"base_ms": <ms>, "per_step": {"<step>": <ms>, ...}}');
  }
  return body as Record<string, unknown>;
}

export function addTimingRoutes(router: Router, timing: RecordingTiming): void {
  router.on("GET", "/v1/latencies", (req) => {
    const from = instant("from", req.query.get("from")) ?? 0;
    const to = instant("to", req.query.get("to")) ?? Date.now();
    if (to < from) throw badRequest(`to (${to}) is before from (${from})`);
    return { status: 200, body: timing.log.report(from, to) };
  });
  const settingsDoc = () => {
    const s = timing.settings();
    return { base_ms: s.baseMs, per_step: s.perStep };
  };
  router.on("GET", "/v1/timing", () => ({ status: 200, body: settingsDoc() }));
  router.on("PUT", "/v1/timing", (req) => {
    const body = record(req.body);
    const base = body.base_ms;
    const perStep = body.per_step ?? {};
    if (base !== undefined && typeof base !== "number") throw badRequest("base_ms must be a number of milliseconds");
    if (typeof perStep !== "object" || perStep === null || Array.isArray(perStep)) {
      throw badRequest("per_step must be an object of step name to milliseconds");
    }
    try {
      timing.set({ baseMs: base, perStep: perStep as Record<string, number> });
    } catch (e) {
      throw badRequest(e instanceof Error ? e.message : String(e));
    }
    return { status: 200, body: settingsDoc() };
  });
}

// The overhead figure's --gaps breakdown: the stretches of a test outside the simulator's spans, and the requests
// that started in each (the first one's delay is what a poll lagged behind the step's end).

import { expect } from "chai";
import { formatGaps, gapsOf } from "../../../bench/lib/gaps.js";
import type { RequestLogEntry } from "../../../lib/clients/request-log.js";

const T0 = Date.parse("2026-12-01T10:00:00.000Z");
const req = (at: number, method: string, url: string) =>
  ({ ts: new Date(T0 + at).toISOString(), method, url, duration_ms: 2 }) as unknown as RequestLogEntry;

describe("bench gaps (where a test's overhead goes)", () => {
  it("lists the stretches outside overlapping spans, with the requests started in each", () => {
    const spans = [
      { start: T0 + 10, end: T0 + 100 },
      { start: T0 + 50, end: T0 + 120 },
      { start: T0 + 160, end: T0 + 300 },
    ];
    const requests = [
      req(2, "POST", "http://127.0.0.1:8774/compute/v2.1/servers"),
      req(130, "GET", "http://127.0.0.1:8774/compute/v2.1/servers/1eedfbd1-d5a3-4f17-982c-1d2b8569686e"),
      req(150, "POST", "http://127.0.0.1:8774/compute/v2.1/servers/1eedfbd1-d5a3-4f17-982c-1d2b8569686e/action"),
      req(200, "GET", "http://x/inside-a-span"),
    ];
    const gaps = gapsOf(T0, T0 + 310, spans, requests);
    expect(gaps.map((g) => [g.from, g.to, g.firstRequestAfter])).to.deep.equal([
      [0, 10, 2],
      [120, 160, 10],
      [300, 310, undefined],
    ]);
    expect(gaps[1]!.requests).to.deep.equal([
      "+10 GET /compute/v2.1/servers/{id} (2 ms)",
      "+30 POST /compute/v2.1/servers/{id}/action (2 ms)",
    ]);
    expect(formatGaps("t", gaps)[0]).to.equal(
      "gaps t: 3 stretches outside the critical path, 60 ms (12 ms before the first request of each)",
    );
  });

  it("leaves out stretches shorter than the minimum", () => {
    expect(gapsOf(T0, T0 + 100, [{ start: T0 + 3, end: T0 + 100 }], [])).to.deep.equal([]);
  });
});

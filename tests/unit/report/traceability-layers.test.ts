// Verdicts name the layers that proved a behaviour: a needed layer that was not checked (whitebox off) makes it
// "partly verified" with the reason; a behaviour only fault injection provokes is "verified on the embedded cloud
// only"; a failed check of a passing test does not count as proof.

import { expect } from "chai";
import { renderTraceability, type SpecBehaviour } from "../../../lib/report/traceability.js";
import type { CheckRecord } from "../../../lib/run/checks.js";

const PASS = "11111111-1111-4111-8111-111111111111";
const b = (over: Partial<SpecBehaviour>): SpecBehaviour => ({
  id: "x",
  statement: "s",
  specRef: "§",
  testIds: [PASS],
  ...over,
});
const rec = (layer: CheckRecord["layer"], outcome: CheckRecord["outcome"], reason?: string): CheckRecord => ({
  testUuid: PASS,
  layer,
  what: "w",
  ok: outcome === "ok",
  outcome,
  ...(reason ? { reason } : {}),
});
const results = new Map([[PASS, "passed" as const]]);

describe("traceability verdicts by layer", () => {
  it("names every layer that proved it", () => {
    const checks = [rec("api", "ok"), rec("guest", "ok"), rec("manila", "ok"), rec("host", "ok")];
    const { rows, markdown } = renderTraceability([b({ layers: ["api", "host"] })], results, new Map(), checks);
    expect(rows[0]).to.include({ verdict: "verified", layers: "API, guest, Manila, hosts" });
    expect(markdown).to.include("✅ verified: API, guest, Manila, hosts");
  });

  it("is only partly verified when a needed layer was not checked, with the reason", () => {
    const checks = [
      rec("api", "ok"),
      rec("guest", "ok"),
      rec("manila", "ok"),
      rec("host", "not-checked", "whitebox disabled"),
    ];
    const { rows } = renderTraceability([b({ layers: ["api", "host"] })], results, new Map(), checks);
    expect(rows[0]?.verdict).to.equal("partly verified");
    expect(rows[0]?.layers).to.equal("API, guest, Manila — hosts not checked (whitebox disabled)");
  });

  it("a failed host check is no proof", () => {
    const { rows } = renderTraceability([b({ layers: ["host"] })], results, new Map(), [rec("host", "failed")]);
    expect(rows[0]?.verdict).to.equal("partly verified");
  });

  it("says 'verified on the embedded cloud only' for fault-injection behaviours", () => {
    const { rows } = renderTraceability([b({ layers: ["api"], embeddedOnly: true })], results, new Map(), [
      rec("api", "ok"),
    ]);
    expect(rows[0]?.verdict).to.equal("verified on the embedded cloud only");
  });
});

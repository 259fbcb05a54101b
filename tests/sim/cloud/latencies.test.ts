// The latency log behind /sim/v1/latencies: spans of every step, the critical path of a window as the union of the
// spans inside it, marks for servers flipping to ERROR, and per-step latencies changed at run time.

import { expect } from "chai";
import { type CloudHandle, startCloud } from "../../../sim/cloud.js";
import { TimingLog, unionLength } from "../../../sim/timing-log.js";
import { login, type Session, waitServer } from "./client.js";

describe("sim latency accounting", () => {
  it("the critical path is the union of spans clipped to the window", () => {
    expect(
      unionLength([
        { start: 0, end: 10 },
        { start: 5, end: 15 },
        { start: 20, end: 30 },
      ]),
    ).to.equal(25);
    const log = new TimingLog();
    log.addSpan({ step: "boot", start: 100, end: 300 });
    log.addSpan({ step: "migrate.schedule", start: 250, end: 400 });
    log.addSpan({ step: "delete", start: 900, end: 1000 });
    log.mark("server-error", "abc", 350);
    const r = log.report(200, 950);
    expect(r.critical_path_ms).to.equal(250);
    expect(r.spans.map((s) => s.step)).to.deep.equal(["boot", "migrate.schedule", "delete"]);
    expect(r.marks).to.deep.equal([{ event: "server-error", at: 350, detail: "abc" }]);
    expect(log.report(0, 50).critical_path_ms).to.equal(0);
  });

  describe("over HTTP", () => {
    let cloud: CloudHandle;
    let admin: Session;
    let member: Session;
    before(async () => {
      cloud = await startCloud({ hosts: 2, timing: { baseMs: 5, perStep: { boot: 150 } } });
      admin = await login(cloud, "admin");
      member = await login(cloud, "member");
    });
    after(async () => {
      await cloud?.stop();
    });

    it("a boot's window reports at least the boot latency; PUT /sim/v1/timing changes it; members are refused", async () => {
      const from = Date.now();
      const created = await member.call("POST", "/compute/v2.1/servers", {
        server: { name: "vm", imageRef: cloud.imageId, flavorRef: cloud.flavorRef, networks: "auto" },
      });
      await waitServer(member, String((created.body.server as Record<string, unknown>).id), "ACTIVE");
      const r = await admin.call("GET", `/sim/v1/latencies?from=${from}&to=${Date.now()}`);
      expect(r.status).to.equal(200);
      const spans = r.body.spans as { step: string }[];
      expect(spans.map((s) => s.step)).to.include("boot");
      expect(r.body.critical_path_ms as number).to.be.at.least(145);

      const put = await admin.call("PUT", "/sim/v1/timing", { base_ms: 1, per_step: { boot: 2500 } });
      expect(put.body).to.deep.equal({ base_ms: 1, per_step: { boot: 2500 } });
      expect((await admin.call("PUT", "/sim/v1/timing", { per_step: { boot: -1 } })).status).to.equal(400);
      expect((await admin.call("GET", "/sim/v1/latencies?from=yesterday")).status).to.equal(400);
      expect((await member.call("GET", "/sim/v1/latencies")).status).to.equal(403);
    });
  });
});

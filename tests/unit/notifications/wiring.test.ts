// The notification layer's wiring: the traceability row observed on that layer is verified only by an ok check
// there (a passing test that recorded it as not checked does not verify it), and the embedded run's broker choice.

import { expect } from "chai";
import { brokerForRun, NOT_INSTALLED } from "../../../bin/cli/broker.js";
import { requireLayerChecks, type SpecBehaviour, type TraceabilityRow } from "../../../lib/report/traceability.js";
import { notificationOverrides } from "../../../lib/target/embedded.js";

const B: SpecBehaviour = { id: "n", statement: "s", specRef: "r", testIds: ["t1", "t2"], layer: "notifications" };
const verified = (behaviour: SpecBehaviour = B): TraceabilityRow[] => [{ behaviour, verdict: "verified" }];

describe("notification layer wiring", () => {
  it("a behaviour on the notifications layer is verified only with an ok check on that layer", () => {
    const ok = [{ testUuid: "t1", layer: "notifications", outcome: "ok" }];
    expect(requireLayerChecks(verified(), ok)[0]!.verdict).to.equal("verified");
  });

  it("recorded only as not checked: skipped, with the recorded reason", () => {
    const checks = [
      { testUuid: "t1", layer: "notifications", outcome: "not-checked", reason: NOT_INSTALLED },
      { testUuid: "t2", layer: "api", outcome: "ok" },
      { testUuid: "other", layer: "notifications", outcome: "ok" },
    ];
    const [row] = requireLayerChecks(verified(), checks);
    expect(row!.verdict).to.equal("skipped");
    expect(row!.reason).to.equal(`notifications layer ${NOT_INSTALLED}`);
    expect(requireLayerChecks(verified(), [])[0]!.reason).to.equal(
      "notifications layer no notifications check was recorded",
    );
  });

  it("a failed behaviour stays failed; a behaviour without a layer is untouched", () => {
    const failed: TraceabilityRow[] = [{ behaviour: B, verdict: "failed", reason: "x" }];
    expect(requireLayerChecks(failed, [])[0]!.verdict).to.equal("failed");
    const plain = { ...B, layer: undefined };
    expect(requireLayerChecks(verified(plain), [])[0]!.verdict).to.equal("verified");
  });

  it("--no-notifications: no broker, the reason names the flag", async () => {
    const b = await brokerForRun(false, { VFTEST_NOTIFICATIONS_URL: "amqp://x:y@127.0.0.1:1/v" }, () => {});
    expect(b.url).to.equal(undefined);
    expect(b.notChecked).to.equal("not checked: --no-notifications");
  });

  it("VFTEST_NOTIFICATIONS_URL: that broker is used and never stopped by this run", async () => {
    const url = "amqp://x:y@127.0.0.1:1/v";
    const b = await brokerForRun(undefined, { VFTEST_NOTIFICATIONS_URL: url }, () => {});
    expect(b.url).to.equal(url);
    await b.stop();
    expect(notificationOverrides(url)).to.deep.equal({ notifications: { transport_url: url, quiet_window: 1 } });
  });
});

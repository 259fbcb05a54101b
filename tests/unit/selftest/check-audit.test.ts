// "Every assertion must be able to fail against a faulty cloud — prove it with a fault profile in the detection
// table": every failure message of lib/expect and lib/scenario must fit a phrase of some profile of
// lib/spec/detection.ts (check-audit.ts), except the ones listed below, each with why no profile proves it. A new
// message without a profile fails here; so does a listed one a profile now proves (take it off the list).

import { expect } from "chai";
import { type AuditedMessage, auditChecks, phraseFits } from "./check-audit.js";

const key = (m: AuditedMessage) => `${m.file} ${m.fn}: ${m.pieces.join("…")}`;

/** Failure messages no fault profile proves yet, and why. */
const NOT_PROVEN: Record<string, string> = {
  "lib/expect/api.ts expectPlacement: …: expected status …, saw … (vm_state …)":
    "every caller passes the placement of the waiter's poll that saw that status: the waiter fails first",
  "lib/expect/guest.ts expectGuestShare: …: cat /proc/mounts failed (exit …): …":
    "the guest's own kernel interface: no cloud fault makes cat /proc/mounts fail",
  "lib/expect/guest.ts expectGuestShare: …: … shows tag …, expected …":
    "the guest's own mount of the tag at its directory: a cloud cannot put another source there",
  "lib/expect/guest.ts expectGuestShare: share tag … mounted read-only in guest: …: options …":
    "the guest's own mount options: FUSE cannot tell the guest an export is read-only (a read-only export fails the new write instead)",
  "lib/expect/host.ts expectDomainFilesystems: host … has no domain …":
    "not modelled: the API's instance_name names no domain where the server runs (a compute with another instance_name_template); a domain really gone stops the guest, which its checks report",
  "lib/expect/manila.ts rulesLocked: … is …, expected active":
    "not modelled: Nova's grant waits for the rule to be active (has_access), so a rule Nova keeps in error or queued_to_apply needs Manila to change it afterwards",
  "lib/expect/manila.ts expectRuleFor: …, expected access type …":
    "a rule of another access type does not let the host mount: the finish step fails first (its own profiles)",
  "lib/scenario/bystander.ts bystanderOn: share …: the bystander's old rule on … was not removed after its move":
    "setup of the bystander test: its own move's cleanup (proven elsewhere by the confirm profiles' own tests)",
  "lib/scenario/bystander.ts expectBystanderUnaffected: bystander server … moved during the other server's migration":
    "no realistic fault moves a server nobody asked to move",
  "lib/scenario/bystander.ts expectBystanderUnaffected: bystander server … is … after the other server's …":
    "not modelled: in Nova a move changes no other server's vm_state",
  "lib/scenario/pair.ts migrateToHost: server …: placed on … for the pair, runs on …":
    "setup of the host-pair tests: the boot did not land on the requested host",
  "lib/scenario/together.ts together: … checks of this phase failed:\n…":
    "lists other checks' messages, which are proven on their own",
};

describe("every failure message of lib/expect and lib/scenario is proven by a fault profile", () => {
  const audited = auditChecks();

  it("finds the checks and their messages", () => {
    expect(audited.length, "failure messages found").to.be.greaterThan(40);
    const writes = audited.filter((m) => m.check?.startsWith("guest: `new write at "));
    expect(writes.map((m) => m.pieces.join("…"))).to.deep.equal(["share not writable in …: writing … failed: …"]);
  });

  it("has a profile for every message but the listed ones", () => {
    const unproven = audited.filter((m) => m.provenBy.length === 0).map(key);
    expect(
      unproven.filter((k) => !(k in NOT_PROVEN)),
      "messages no profile proves (add a profile)",
    ).to.deep.equal([]);
  });

  it("lists no message that is gone or that a profile now proves", () => {
    const unproven = new Set(audited.filter((m) => m.provenBy.length === 0).map(key));
    expect(Object.keys(NOT_PROVEN).filter((k) => !unproven.has(k))).to.deep.equal([]);
  });

  describe("phraseFits", () => {
    it("fits a phrase inside a literal piece or across one-word placeholders", () => {
      expect(phraseFits(["share not writable in ", ": writing ", ""], "share not writable in guest")).to.equal(true);
      expect(
        phraseFits(["share ", ": the ", " host still has its access rule"], "source host still has its access rule"),
      ).to.equal(true);
      expect(phraseFits(["migration ", ": type ", ", expected ", ""], "type migration, expected resize")).to.equal(
        true,
      );
    });

    it("does not let a placeholder hold most of the phrase", () => {
      expect(phraseFits(["events: expected ", " to succeed"], "expected virtiofs")).to.equal(false);
      expect(phraseFits(["share ", ": the source host's rule"], "share not writable in guest")).to.equal(false);
      expect(phraseFits(["", ": expected status ", ", saw ", ""], "status changed")).to.equal(false);
    });
  });
});

import { expect } from "chai";
import { NotFoundError, ServerFaultError } from "../../../lib/clients/errors.js";
import { ResourceErrorState, WaitAbortedError, WaitTimeoutError } from "../../../lib/common/errors.js";
import { RUN_LEARNER, TransitionLearner } from "../../../lib/common/poll-schedule.js";
import {
  type AccessRuleLike,
  type ShareLike,
  waitForAccessRuleGone,
  waitForAccessRuleState,
  waitForShareAccessRulesStatus,
  waitForShareDeleted,
  waitForShareStatus,
} from "../../../lib/common/share-waiters.js";
import { waitFor } from "../../../lib/common/wait-for.js";
import {
  type MigrationLike,
  newestMigration,
  type ServerLike,
  type ShareMappingLike,
  waitForMigrationStatus,
  waitForServerDeleted,
  waitForServerStatus,
  waitForShareMappingGone,
  waitForShareMappingStatus,
} from "../../../lib/common/waiters.js";

const notFound = () =>
  new NotFoundError({ method: "GET", url: "http://127.0.0.1/x", status: 404, cloudMessage: "could not be found" });

/** A probe that returns (or throws) each scripted step in turn and then repeats the last one forever. */
function scripted<T>(steps: (T | Error)[]): { next: () => Promise<T>; calls: () => number } {
  let i = 0;
  return {
    next: async () => {
      const step = steps[Math.min(i, steps.length - 1)] as T | Error;
      i++;
      if (step instanceof Error) throw step;
      return step;
    },
    calls: () => i,
  };
}

function server(status: string, taskState: string | null = null, fault?: ServerLike["fault"]): ServerLike {
  return { id: "srv-1", status, "OS-EXT-STS:task_state": taskState, ...(fault ? { fault } : {}) };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`rejected with a non-Error: ${String(e)}`);
  }
  throw new Error("expected the promise to reject, it resolved");
}

describe("waitFor and the named waiters", () => {
  let logs: string[];
  const fast = () => ({ intervalMs: 1, timeoutMs: 5_000, log: (l: string) => logs.push(l), requestId: "req-123" });
  beforeEach(() => {
    logs = [];
  });

  describe("waitFor", () => {
    it("resolves with the last value and logs every state transition once", async () => {
      const probe = scripted(["a", "a", "b", "b", "c"]);
      const v = await waitFor({
        describe: "thing t1",
        target: "c",
        probe: probe.next,
        state: (s) => s,
        done: (s) => s === "c",
        ...fast(),
      });
      expect(v).to.equal("c");
      expect(probe.calls()).to.equal(5);
      expect(logs[0]).to.equal('thing t1: waiting for "c", now "a" (request-id req-123)');
      expect(logs.slice(1).map((l) => l.replace(/after [\d.]+ m?s/, "after N"))).to.deep.equal([
        'thing t1: state transition "a" ==> "b" after N',
        'thing t1: state transition "b" ==> "c" after N',
      ]);
    });

    it("times out naming what, target, last state, elapsed time and request id", async () => {
      const e = await rejection(
        waitFor({
          describe: "server srv-1",
          target: "ACTIVE/None",
          probe: async () => "BUILD/spawning",
          state: (s) => s,
          done: () => false,
          intervalMs: 2,
          timeoutMs: 30,
          requestId: "req-abc",
        }),
      );
      expect(e).to.be.instanceOf(WaitTimeoutError);
      expect(e.message).to.match(
        /^timed out after \d+ ms waiting for server srv-1 to become "ACTIVE\/None" \(timeout 30 ms\); last state seen: "BUILD\/spawning" \(request-id req-abc\)$/,
      );
      expect((e as WaitTimeoutError).context.lastValue).to.equal("BUILD/spawning");
    });

    it("rethrows probe errors at once without retrying", async () => {
      const probe = scripted<string>([
        "x",
        new ServerFaultError({ method: "GET", url: "u", status: 500, cloudMessage: "boom" }),
      ]);
      const e = await rejection(
        waitFor({ describe: "d", target: "y", probe: probe.next, state: (s) => s, done: () => false, ...fast() }),
      );
      expect(e).to.be.instanceOf(ServerFaultError);
      expect(probe.calls()).to.equal(2);
      expect(logs.at(-1)).to.include("probe failed").and.include("boom");
    });

    it("stops when aborted", async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 20);
      const e = await rejection(
        waitFor({
          describe: "d",
          target: "never",
          probe: async () => "s",
          state: (s) => s,
          done: () => false,
          intervalMs: 1_000,
          timeoutMs: 60_000,
          signal: ac.signal,
        }),
      );
      expect(e).to.be.instanceOf(WaitAbortedError);
    });

    it("polls at once on a hint, and the poll (not the hint) decides", async () => {
      // A 10 s interval: without the hints this wait would take 20 s. Each hint is consumed once.
      let state = "old";
      let hints = 0;
      const hint = (signal: AbortSignal) =>
        new Promise<boolean>((resolve) => {
          const n = ++hints;
          // The first hint comes while the state is still old (a poll follows, sees it, the wait goes on); the
          // second after the change.
          const timer = setTimeout(() => resolve(true), 30);
          if (n === 2) state = "new";
          signal.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve(false);
          });
        });
      const t0 = Date.now();
      const polls: string[] = [];
      const v = await waitFor({
        describe: "d",
        target: "new",
        probe: async () => {
          polls.push(state);
          return state;
        },
        state: (s) => s,
        done: (s) => s === "new",
        intervalMs: 10_000,
        timeoutMs: 60_000,
        learner: false,
        hint,
      });
      expect(v).to.equal("new");
      expect(polls).to.deep.equal(["old", "old", "new"]);
      expect(Date.now() - t0).to.be.lessThan(5_000);
    });

    it("a hint resolving false changes nothing: the schedule polls", async () => {
      const probe = scripted(["a", "a", "b"]);
      let asked = 0;
      const v = await waitFor({
        describe: "d",
        target: "b",
        probe: probe.next,
        state: (s) => s,
        done: (s) => s === "b",
        intervalMs: 5,
        timeoutMs: 5_000,
        learner: false,
        hint: async () => {
          asked++;
          return false;
        },
      });
      expect(v).to.equal("b");
      expect(probe.calls()).to.equal(3);
      expect(asked).to.equal(2);
    });
  });

  describe("servers", () => {
    it("waits for status AND task_state", async () => {
      const p = scripted([server("RESIZE", "resize_prep"), server("RESIZE", "resize_finish"), server("VERIFY_RESIZE")]);
      const s = await waitForServerStatus({ showServer: p.next }, "srv-1", "VERIFY_RESIZE", fast());
      expect(s.status).to.equal("VERIFY_RESIZE");
      expect(logs.join("\n")).to.include('state transition "RESIZE/resize_finish" ==> "VERIFY_RESIZE/None"');
    });

    it("learns a migrate and a resize as one transition (Nova migrates as a resize to the same flavor)", async () => {
      const target = "VERIFY_RESIZE/None";
      const p = scripted([server("RESIZE", "resize_prep"), server("VERIFY_RESIZE")]);
      await waitForServerStatus({ showServer: p.next }, "srv-1", "VERIFY_RESIZE", { ...fast(), action: "migrate" });
      expect(RUN_LEARNER.bracket(`server resize ==> ${target}`), "learned under the resize's key").to.exist;
      expect(RUN_LEARNER.bracket(`server migrate ==> ${target}`)).to.equal(undefined);
    });

    it("does not stop at the right status while a task is still running", async () => {
      const p = scripted([server("ACTIVE", "rebooting_hard"), server("ACTIVE")]);
      await waitForServerStatus({ showServer: p.next }, "srv-1", "ACTIVE", fast());
      expect(p.calls()).to.equal(2);
    });

    it("fails fast on ERROR with the fault and the request id", async () => {
      const p = scripted([
        server("RESIZE", "resize_finish"),
        server("ERROR", null, { code: 500, message: "Share id s1 mount error from server srv-1" }),
        server("ACTIVE"),
      ]);
      const e = await rejection(waitForServerStatus({ showServer: p.next }, "srv-1", "VERIFY_RESIZE", fast()));
      expect(e).to.be.instanceOf(ResourceErrorState);
      expect(e.message).to.equal(
        `server srv-1 went to "ERROR/None" while waiting for "VERIFY_RESIZE/None" after ${/after (\d+ ms)/.exec(e.message)?.[1]}: ` +
          "server srv-1 fault 500: Share id s1 mount error from server srv-1 (request-id req-123)",
      );
      expect(p.calls()).to.equal(2);
    });

    it("waits for deletion: 404 ends it, ERROR fails it", async () => {
      const gone = scripted<ServerLike>([server("ACTIVE", "deleting"), notFound()]);
      await waitForServerDeleted({ showServer: gone.next }, "srv-1", fast());
      expect(logs.join("\n")).to.include('"ACTIVE/deleting" ==> "(gone)"');
      const broken = scripted([server("ERROR", null, { code: 500, message: "delete failed" })]);
      expect((await rejection(waitForServerDeleted({ showServer: broken.next }, "srv-1", fast()))).message).to.include(
        "delete failed",
      );
    });
  });

  describe("share mappings", () => {
    const mapping = (status: string) => ({ share_id: "sh-1", status, tag: "t" });
    it("reaches a status, fails fast on error, and waits for 404 after detach", async () => {
      const ok = scripted([mapping("attaching"), mapping("inactive")]);
      await waitForShareMappingStatus({ showServerShare: ok.next }, "srv-1", "sh-1", "inactive", fast());
      const bad = scripted([mapping("attaching"), mapping("error")]);
      const e = await rejection(
        waitForShareMappingStatus({ showServerShare: bad.next }, "srv-1", "sh-1", "inactive", fast()),
      );
      expect(e).to.be.instanceOf(ResourceErrorState);
      expect(e.message).to.include("share mapping of share sh-1 on server srv-1").and.include("request-id req-123");
      const gone = scripted<ShareMappingLike>([mapping("detaching"), notFound()]);
      await waitForShareMappingGone({ showServerShare: gone.next }, "srv-1", "sh-1", fast());
    });
  });

  describe("migrations", () => {
    const mig = (id: number, status: string, created: string): MigrationLike => ({
      id,
      status,
      instance_uuid: "srv-1",
      migration_type: "migration",
      created_at: created,
    });
    it("follows the newest migration of the server and passes the filters", async () => {
      const seen: unknown[] = [];
      const lists = scripted([
        [],
        [mig(1, "confirmed", "2026-01-01T00:00:00"), mig(2, "migrating", "2026-02-01T00:00:00")],
        [mig(1, "confirmed", "2026-01-01T00:00:00"), mig(2, "finished", "2026-02-01T00:00:00")],
      ]);
      const m = await waitForMigrationStatus(
        {
          listMigrations: (f) => {
            seen.push(f);
            return lists.next();
          },
        },
        "srv-1",
        ["finished", "confirmed"],
        { ...fast(), migrationType: "migration" },
      );
      expect(m.id).to.equal(2);
      expect(seen[0]).to.deep.equal({ instance_uuid: "srv-1", migration_type: "migration" });
      expect(logs.join("\n")).to.include('"(no migration)" ==> "migrating (migration 2)"');
    });

    it("fails fast on error and picks the newest by created_at then id", async () => {
      const lists = scripted([[mig(3, "error", "2026-03-01T00:00:00")]]);
      const e = await rejection(waitForMigrationStatus({ listMigrations: lists.next }, "srv-1", "finished", fast()));
      expect(e.message).to.include("migration 3 is error");
      expect(
        newestMigration([mig(4, "a", "2026-01-01"), mig(5, "b", "2026-01-01"), mig(6, "c", "2025-01-01")])?.id,
      ).to.equal(5);
    });
  });

  describe("manila", () => {
    const share = (status: string, rules?: string): ShareLike => ({ id: "sh-1", status, access_rules_status: rules });
    const rule = (state: string): AccessRuleLike => ({ id: "r-1", state, access_type: "ip", access_to: "10.0.0.5" });

    it("waits for share status and fails fast on error states", async () => {
      const ok = scripted([share("creating"), share("available")]);
      await waitForShareStatus({ showShare: ok.next }, "sh-1", "available", fast());
      const bad = scripted([share("creating"), share("error")]);
      const e = await rejection(waitForShareStatus({ showShare: bad.next }, "sh-1", "available", fast()));
      expect(e.message).to.include('share sh-1 went to "error" while waiting for "available"');
    });

    it("waits for access_rules_status and for one access rule", async () => {
      const s = scripted([share("available", "syncing"), share("available", "active")]);
      await waitForShareAccessRulesStatus({ showShare: s.next }, "sh-1", "active", fast());
      const rules = scripted([[], [rule("queued_to_apply")], [rule("active")]]);
      const r = await waitForAccessRuleState({ listAccessRules: rules.next }, "sh-1", "r-1", "active", fast());
      expect(r.state).to.equal("active");
      expect(logs.join("\n")).to.include('"(absent)" ==> "queued_to_apply"');
      const bad = scripted([[rule("error")]]);
      const e = await rejection(waitForAccessRuleState({ listAccessRules: bad.next }, "sh-1", "r-1", "active", fast()));
      expect(e.message).to.include("access rule ip:10.0.0.5 is error");
    });

    it("waits for access rule and share deletion", async () => {
      const rules = scripted([[rule("denying")], []]);
      await waitForAccessRuleGone({ listAccessRules: rules.next }, "sh-1", "r-1", fast());
      const shares = scripted<ShareLike>([share("deleting"), notFound()]);
      await waitForShareDeleted({ showShare: shares.next }, "sh-1", fast());
      const stuck = scripted<ShareLike>([share("deleting"), share("error_deleting")]);
      expect((await rejection(waitForShareDeleted({ showShare: stuck.next }, "sh-1", fast()))).message).to.include(
        "share is error_deleting",
      );
    });

    it("times out with the last state when a share never becomes available", async () => {
      const s = scripted([share("creating")]);
      const e = await rejection(
        waitForShareStatus({ showShare: s.next }, "sh-1", "available", { ...fast(), timeoutMs: 20 }),
      );
      expect(e).to.be.instanceOf(WaitTimeoutError);
      expect(e.message).to.include('share sh-1 to become "available"').and.include('last state seen: "creating"');
    });
  });

  it("a known, bracketed kind skips the poll at the start and polls within interval + 10% of it", async () => {
    const learner = new TransitionLearner();
    learner.observe("server migrate ==> VERIFY_RESIZE/None", 40, 60);
    const start = Date.now();
    const seen: number[] = [];
    const v = await waitFor({
      describe: "migrate of server srv-1",
      target: "VERIFY_RESIZE/None",
      kind: "server migrate ==> VERIFY_RESIZE/None",
      learner,
      probe: async () => {
        seen.push(Date.now() - start);
        return seen.length < 2 ? "RESIZE" : "VERIFY_RESIZE/None";
      },
      state: (s) => s,
      done: (s) => s === "VERIFY_RESIZE/None",
      intervalMs: 100,
      timeoutMs: 5_000,
    });
    expect(v).to.equal("VERIFY_RESIZE/None");
    expect(seen[0], "first poll skipped the start").to.be.at.least(30);
    expect(seen[0], "first poll within interval + 10%").to.be.at.most(110 + 30);
    // An unknown kind polls at once.
    seen.length = 0;
    const t0 = Date.now();
    await waitFor({
      describe: "resize of server srv-1",
      target: "X",
      kind: "server resize ==> X",
      learner,
      probe: async () => {
        seen.push(Date.now() - t0);
        return "X";
      },
      state: (s) => s,
      done: () => true,
      intervalMs: 100,
      timeoutMs: 5_000,
    });
    expect(seen[0]).to.be.below(30);
  });
  it("counts a learned schedule from when the action was answered (startedAt), not from the call", async () => {
    const learner = new TransitionLearner();
    const kind = "server stop ==> SHUTOFF/None";
    learner.observe(kind, 190, 200);
    const call = Date.now();
    const seen: number[] = [];
    await waitFor({
      describe: "stop of server srv-1",
      target: "SHUTOFF/None",
      kind,
      learner,
      // The harness reaches the wait 150 ms after the answer: the aim (200 ms after the answer) is 50 ms away.
      startedAt: call - 150,
      probe: async () => {
        seen.push(Date.now() - call);
        return seen.length < 2 ? "ACTIVE" : "SHUTOFF/None";
      },
      state: (s) => s,
      done: (s) => s === "SHUTOFF/None",
      intervalMs: 100,
      timeoutMs: 5_000,
    });
    expect(seen[0], "the skipped first poll is already due").to.be.below(30);
    expect(seen[1], "the aim counted from the answer").to.be.within(35, 95);
    // What was learned is counted from the answer too: the transition ended between 150 and ~200 ms after it.
    const b = learner.bracket(kind);
    expect(b?.lo).to.be.at.least(150);
    expect(b?.hi).to.be.at.most(260);
    // An answer time in the future (a skewed clock) counts as now.
    const t1 = Date.now();
    const first: number[] = [];
    await waitFor({
      describe: "x",
      target: "X",
      probe: async () => {
        first.push(Date.now() - t1);
        return "X";
      },
      state: (s) => s,
      done: () => true,
      intervalMs: 100,
      timeoutMs: 5_000,
      startedAt: t1 + 60_000,
    });
    expect(first[0]).to.be.below(30);
  });
});

// Learned polling: brackets narrow wait after wait, a poll lands at the bracket's middle, and no gap between two
// polls ever exceeds the interval + 10% (the failure-detection bound).

import { expect } from "chai";
import { firstSleep, MAX_STRETCH, maxGap, nextSleep, TransitionLearner } from "../../../lib/common/poll-schedule.js";

/** Poll instants of one wait (of a kind known up front, as wait-for.ts does) for a transition of `d` ms, learning
 * into `l`; returns when it was seen done and every poll. */
function simulateWait(l: TransitionLearner, key: string, d: number, interval: number) {
  const skip = firstSleep(interval, l.bracket(key));
  const polls: number[] = [skip];
  let t = skip;
  while (t < d) {
    t += nextSleep(t, interval, l.bracket(key), polls.length);
    polls.push(t);
  }
  l.observe(key, polls.length > 1 ? (polls.at(-2) as number) : 0, t);
  return { seenAt: t, polls };
}

describe("poll schedule (learned transition durations)", () => {
  it("without knowledge: a poll at once, half an interval later, then every interval", () => {
    expect(firstSleep(1000, undefined)).to.equal(0);
    expect([1, 2, 3, 4, 5].map((n) => nextSleep(0, 1000, undefined, n))).to.deep.equal([500, 1000, 1000, 1000, 1000]);
  });

  it("a 2.6 s transition at 1 s polls: seen at 3.5 s first (5 polls), then within 10% of the interval in 3 polls", () => {
    const l = new TransitionLearner();
    const first = simulateWait(l, "k", 2600, 1000);
    expect(first.polls).to.deep.equal([0, 500, 1500, 2500, 3500]);
    let last = first;
    for (let i = 0; i < 8; i++) last = simulateWait(l, "k", 2600, 1000);
    expect(last.seenAt - 2600).to.be.lessThan(100);
    expect(last.polls).to.have.length(3);
  });

  it("a 2.05 s transition: two polls per wait once learned (Tempest's fixed schedule: four)", () => {
    const l = new TransitionLearner();
    let last = simulateWait(l, "k", 2050, 1000);
    for (let i = 0; i < 8; i++) last = simulateWait(l, "k", 2050, 1000);
    expect(last.polls).to.have.length(2);
    expect(last.polls[0]).to.be.at.most(1000 * (1 + MAX_STRETCH));
    expect(last.seenAt - 2050).to.be.lessThan(100);
  });

  it("a known kind's first poll comes at most interval + 10% after the start", () => {
    for (const [lo, hi] of [
      [2000, 3000],
      [2040, 2050],
      [100, 150],
      [0, 30],
      [5000, 5001],
    ] as const) {
      expect(firstSleep(1000, { lo, hi }), `bracket ${lo}..${hi}`).to.be.within(0, 1000 * (1 + MAX_STRETCH));
    }
  });

  it("never leaves more than interval + 10% between two polls, whatever the bracket", () => {
    for (const [lo, hi] of [
      [2000, 3000],
      [2490, 2510],
      [100, 150],
      [5000, 5001],
    ] as const) {
      let t = 0;
      while (t < 8000) {
        const s = nextSleep(t, 1000, { lo, hi });
        expect(s, `bracket ${lo}..${hi} at ${t}`).to.be.within(0.0001, maxGap(1000));
        t += s;
      }
    }
  });

  it("a transition that got slower restarts the bracket from the latest observation", () => {
    const l = new TransitionLearner();
    l.observe("k", 2000, 3000);
    l.observe("k", 4000, 5000);
    expect(l.bracket("k")).to.deep.equal({ lo: 4000, hi: 5000 });
  });
});

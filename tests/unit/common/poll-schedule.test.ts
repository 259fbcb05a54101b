// Learned polling: brackets narrow wait after wait, a poll lands at the bracket's middle, and no gap between two
// polls ever exceeds the interval + 10% (the failure-detection bound).

import { expect } from "chai";
import { MAX_STRETCH, nextSleep, TransitionLearner } from "../../../lib/common/poll-schedule.js";

/** Poll instants of one wait for a transition of `d` ms, learning into `l`; returns when it was seen done. */
function simulateWait(l: TransitionLearner, key: string, d: number, interval: number) {
  const polls: number[] = [0];
  let t = 0;
  while (t < d) {
    t += nextSleep(t, interval, l.bracket(key), polls.length);
    polls.push(t);
  }
  l.observe(key, polls.at(-2) as number, t);
  return { seenAt: t, polls };
}

describe("poll schedule (learned transition durations)", () => {
  it("without knowledge: 1/8, 1/4, 1/2 of the interval, then the interval", () => {
    expect([1, 2, 3, 4, 5].map((n) => nextSleep(0, 1000, undefined, n))).to.deep.equal([125, 250, 500, 1000, 1000]);
  });

  it("a 2.5 s transition at 1 s polls: seen at 2.875 s first, then within a few ms after a few waits", () => {
    const l = new TransitionLearner();
    const first = simulateWait(l, "k", 2500, 1000);
    expect(first.seenAt).to.equal(2875);
    let last = first;
    for (let i = 0; i < 8; i++) last = simulateWait(l, "k", 2500, 1000);
    expect(last.seenAt - 2500).to.be.lessThan(10);
    expect(last.polls.length).to.be.at.most(first.polls.length + 1);
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
        expect(s, `bracket ${lo}..${hi} at ${t}`).to.be.within(0.0001, 1000 * (1 + MAX_STRETCH));
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

// What the simulator's latencies cost a client: every `timing.delay(step)` is recorded as a span (step, start, end)
// and every server flip to ERROR as a mark, in a bounded in-memory log. `GET /sim/v1/latencies?from=&to=` answers
// with the critical path of a window: the length of the union of the spans inside it, i.e. the time during which
// at least one simulated step was in progress. A client cannot finish a flow faster than the latencies on its path,
// so wall / critical − 1 is the client's own overhead (bench/ prints it). Overlapping spans (two servers booting at
// once) count once; spans a client did not wait for but that fall inside its window (background cleanup) count
// too, which can only make the reported overhead smaller, never larger.

export interface LatencySpan {
  step: string;
  /** Epoch ms. */
  start: number;
  end: number;
}

export interface TimingMark {
  event: string;
  /** Epoch ms. */
  at: number;
  detail?: string;
}

export interface LatencyReport {
  from: number;
  to: number;
  critical_path_ms: number;
  spans: LatencySpan[];
  marks: TimingMark[];
}

/** Newest entries kept; a full scenario suite records a few thousand spans. */
export const MAX_LOG_ENTRIES = 50_000;

export class TimingLog {
  private spans: LatencySpan[] = [];
  private marks: TimingMark[] = [];

  addSpan(span: LatencySpan): void {
    this.spans.push(span);
    if (this.spans.length > MAX_LOG_ENTRIES) this.spans.splice(0, this.spans.length - MAX_LOG_ENTRIES);
  }

  mark(event: string, detail?: string, at = Date.now()): void {
    this.marks.push({ event, at, ...(detail === undefined ? {} : { detail }) });
    if (this.marks.length > MAX_LOG_ENTRIES) this.marks.splice(0, this.marks.length - MAX_LOG_ENTRIES);
  }

  /** Spans overlapping [from, to] (clipped to it), marks inside it, and the union length of the clipped spans. */
  report(from: number, to: number): LatencyReport {
    const spans = this.spans
      .filter((s) => s.end > from && s.start < to)
      .map((s) => ({ step: s.step, start: Math.max(s.start, from), end: Math.min(s.end, to) }));
    const marks = this.marks.filter((m) => m.at >= from && m.at <= to);
    return { from, to, critical_path_ms: unionLength(spans), spans, marks };
  }
}

/** Total length covered by at least one span. */
export function unionLength(spans: readonly { start: number; end: number }[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const s of sorted) {
    if (s.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s.start;
      curEnd = s.end;
    } else if (s.end > curEnd) {
      curEnd = s.end;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** What to write for one admitted line: the event's own fields plus how many like it were held back before. */
export interface ThrottledLine<T> {
  readonly key: string;
  readonly fields: T;
  /** Events with this key that were not logged since the previous line. */
  readonly suppressed: number;
}

interface Window<T> {
  suppressed: number;
  last: T;
  timer: NodeJS.Timeout;
}

/**
 * At most one line per key per window (10 s by default), so a flood of refused requests cannot flood the logs.
 * The first event of a quiet key is written at once; later ones in the window are counted, and when the window
 * closes one line reports how many were suppressed (with the last event's fields), then a new window starts.
 * Keys must come from a small fixed set (reasons, not user input): one entry per key lives while it is active.
 */
export class ThrottledWarnings<T> {
  private readonly windows = new Map<string, Window<T>>();

  constructor(
    private readonly write: (line: ThrottledLine<T>) => void,
    private readonly windowMs = 10_000,
  ) {}

  report(key: string, fields: T): void {
    const window = this.windows.get(key);
    if (window) {
      window.suppressed += 1;
      window.last = fields;
      return;
    }
    this.write({ key, fields, suppressed: 0 });
    this.open(key, fields);
  }

  /** Stops the timers (at shutdown); counts still held back are written first. */
  flush(): void {
    for (const [key, window] of this.windows) {
      clearTimeout(window.timer);
      if (window.suppressed > 0) this.write({ key, fields: window.last, suppressed: window.suppressed });
    }
    this.windows.clear();
  }

  private open(key: string, fields: T): void {
    const timer = setTimeout(() => this.close(key), this.windowMs);
    // Never keeps the process alive for a log line.
    timer.unref();
    this.windows.set(key, { suppressed: 0, last: fields, timer });
  }

  private close(key: string): void {
    const window = this.windows.get(key);
    this.windows.delete(key);
    if (!window || window.suppressed === 0) return;
    this.write({ key, fields: window.last, suppressed: window.suppressed });
    // That line used this window's turn: events in the next 10 s are counted again.
    this.open(key, window.last);
  }
}

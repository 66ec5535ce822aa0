import { SendDeadlines } from '../../src/fonnte/send-deadlines';

describe('SendDeadlines', () => {
  afterEach(() => jest.useRealTimers());

  test('When a send finishes before its deadline, then its signal never aborts and serves the next send', () => {
    jest.useFakeTimers();
    const deadlines = new SendDeadlines(4);
    const first = deadlines.start(1000);
    first.finish();
    jest.advanceTimersByTime(5000);
    expect(first.signal.aborted).toBe(false);
    const second = deadlines.start(1000);
    expect(second.signal).toBe(first.signal);
    second.finish();
  });

  test('When a deadline passes, then its signal aborts and is never handed out again', () => {
    jest.useFakeTimers();
    const deadlines = new SendDeadlines(4);
    const late = deadlines.start(1000);
    jest.advanceTimersByTime(999);
    expect(late.signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(late.signal.aborted).toBe(true);
    late.finish();
    const next = deadlines.start(1000);
    expect(next.signal).not.toBe(late.signal);
    expect(next.signal.aborted).toBe(false);
    next.finish();
  });

  test('When more sends finish than the pool keeps, then only `keep` signals are held for reuse', () => {
    const deadlines = new SendDeadlines(2);
    const running = [deadlines.start(1000), deadlines.start(1000), deadlines.start(1000)];
    for (const d of running) d.finish();
    const again = [deadlines.start(1000), deadlines.start(1000), deadlines.start(1000)];
    const reused = again.filter((d) => running.some((r) => r.signal === d.signal));
    expect(reused).toHaveLength(2);
    for (const d of again) d.finish();
  });
});

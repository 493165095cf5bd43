import { describe, expect, it } from 'vitest';
import { judgeLock, parseHolder, STALE_MS, type Holder, type ProcessInfo } from '../scripts/lib/io/lock.js';

const self: Holder = { pid: 4242, host: 'runner', boot: 'boot-a', pidns: 'pid:[1]', start: '900', token: 'mine' };
const other = (changes: Partial<Holder>): Holder => ({ ...self, pid: 77, start: '500', token: 'theirs', ...changes });
const running = (start?: string) => (): ProcessInfo => ({ running: true, start });
const gone = (): ProcessInfo => ({ running: false });
const young = STALE_MS - 1;
const old = STALE_MS + 1;

describe('judging a lock by what it says about its holder', () => {
  it('a live process on this machine holds its lock, however old; one that has ended, or whose PID now names another program, does not', () => {
    expect(judgeLock(other({}), old, self, running('500'))).toEqual({ held: true });
    expect(judgeLock(other({}), 0, self, gone)).toEqual({ held: false, why: 'process 77, which took it, is no longer running' });
    expect(judgeLock(other({}), 0, self, running('501'))).toEqual({ held: false, why: 'process 77, which took it, is no longer running (the number now belongs to another program)' });
  });

  it('another lock of this same process is held (another task of it is writing)', () => {
    expect(judgeLock({ ...self, token: 'other task' }, old, self, running('900'))).toEqual({ held: true });
    expect(judgeLock({ ...self, pid: 1, token: 'x' }, old, { ...self, pid: 1 }, running('900'))).toEqual({ held: true });
  });

  it('a lock taken before the machine restarted is abandoned at once', () => {
    expect(judgeLock(other({ boot: 'boot-b' }), 0, self, running('500'))).toEqual({ held: false, why: 'it was taken by process 77 before this machine restarted' });
  });

  it('process 1, another host, another PID namespace, an empty or foreign lock: held while young, abandoned when old', () => {
    const cases: [Holder | undefined, RegExp][] = [
      [other({ pid: 1 }), /^it was taken by process 1, the first process of a container or of the system, which cannot be checked, and it has not been renewed for 20 s$/],
      [other({ host: 'elsewhere' }), /^it was taken on host elsewhere, which cannot be checked from here, and/],
      [other({ pidns: 'pid:[2]' }), /^it was taken by process 77 in another PID namespace \(another container\), which cannot be checked from here, and/],
      [other({ pidns: undefined }), /in another PID namespace/],
      [undefined, /^it does not say which build holds it \(it is empty or unreadable\), and it has not been renewed/],
    ];
    for (const [holder, why] of cases) {
      expect(judgeLock(holder, young, self, running('500')), String(why)).toEqual({ held: true });
      const verdict = judgeLock(holder, old, self, running('500'));
      expect(verdict.held).toBe(false);
      expect(!verdict.held && verdict.why).toMatch(why);
    }
  });

  it('reads only what a lock of ours writes', () => {
    expect(parseHolder(`${JSON.stringify(self)}\n`)).toEqual(self);
    for (const text of ['', '4242.cafebabe', '{"pid":"1"}', '{"pid":1,"host":"h"}', 'null', '\u0000']) expect(parseHolder(text), text).toBeUndefined();
  });
});

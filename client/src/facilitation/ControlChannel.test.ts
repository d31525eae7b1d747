import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlChannel } from './ControlChannel';
import { FakeControlProvider, rawControlFrame } from './testControlProvider';

let provider: FakeControlProvider;
let channel: ControlChannel;
let localNow: number;
const now = () => localNow;

beforeEach(() => {
  vi.useFakeTimers();
  localNow = 1_000_000;
  provider = new FakeControlProvider();
  channel = new ControlChannel(provider, { now, requestTimeoutMs: 10_000 });
});

afterEach(() => {
  channel.dispose();
  vi.useRealTimers();
});

const hello = (serverTime = localNow) => ({
  type: 'hello',
  version: 1,
  serverTime,
  role: 'facilitator',
});

describe('ControlChannel', () => {
  it('matches answers to requests by id', async () => {
    provider.connect();
    const first = channel.request({ type: 'timer.pause' });
    const second = channel.request({ type: 'timer.stop' });
    const [a, b] = provider.sent;
    expect(a?.action).toEqual({ type: 'timer.pause' });
    expect(a?.id).not.toBe(b?.id);
    provider.deliver({
      type: 'refused',
      id: b?.id,
      code: 'timer.idle',
      params: { maxMs: 5 },
    });
    provider.deliver({ type: 'ack', id: a?.id });
    await expect(first).resolves.toEqual({ ok: true });
    await expect(second).resolves.toEqual({ ok: false, code: 'timer.idle', params: { maxMs: 5 } });
  });

  it('writes nothing back into the provider’s reply encoder', () => {
    provider.connect();
    expect(provider.deliver(hello())).toBe(0);
  });

  it('refuses locally when no answer comes in time, and ignores a late answer', async () => {
    provider.connect();
    const refusals: string[] = [];
    channel.onRefused((refusal) => refusals.push(refusal.code));
    const result = channel.request({ type: 'timer.resume' });
    vi.advanceTimersByTime(10_001);
    await expect(result).resolves.toEqual({ ok: false, code: 'control.timeout' });
    provider.deliver({ type: 'ack', id: provider.sent[0]?.id });
    expect(refusals).toEqual(['control.timeout']);
  });

  it('refuses at once while disconnected and fails pending requests on disconnect', async () => {
    await expect(channel.request({ type: 'timer.stop' })).resolves.toMatchObject({
      code: 'control.disconnected',
    });
    expect(provider.sent).toHaveLength(0);
    provider.connect();
    const pending = channel.request({ type: 'timer.stop' });
    provider.disconnect();
    await expect(pending).resolves.toMatchObject({ ok: false, code: 'control.disconnected' });
  });

  it('refuses a request that breaks the contract without sending it', async () => {
    provider.connect();
    const result = channel.request({ type: 'timer.start' } as never);
    await expect(result).resolves.toMatchObject({ code: 'control.invalidRequest' });
    expect(provider.sent).toHaveLength(0);
  });

  it('ignores invalid messages and calls listeners with valid notices', () => {
    provider.connect();
    const summons: unknown[] = [];
    const ballots: unknown[] = [];
    channel.on('summon', (message) => summons.push(message));
    channel.on('ballot', (message) => ballots.push(message));
    provider.deliverFrame(rawControlFrame('not json'));
    provider.deliverFrame(rawControlFrame('{"type":"summon","mode":"jump","userId":"user:a"}'));
    provider.deliver({ type: 'summon', mode: 'once', userId: 'user:a', extra: 1 });
    provider.deliver({ type: 'ack', id: -1 });
    expect(summons).toEqual([]);
    provider.deliver({ type: 'summon', mode: 'follow', userId: 'user:a', pageId: 'page:p' });
    provider.deliver({ type: 'ballot', sessionId: 's1', votes: ['shape:a'], remaining: 2 });
    expect(summons).toEqual([
      { type: 'summon', mode: 'follow', userId: 'user:a', pageId: 'page:p' },
    ]);
    expect(ballots).toHaveLength(1);
  });

  it('keeps the server role from hello, and forgets it on disconnect', () => {
    provider.connect();
    provider.deliver(hello());
    expect(channel.$hello.get()?.role).toBe('facilitator');
    provider.disconnect();
    expect(channel.$hello.get()).toBeNull();
  });

  it('estimates server time within 0.5 s when the device clock is 2 minutes off', () => {
    // The device clock is two minutes behind the server; the legs of each exchange differ.
    const skew = 120_000;
    const serverClock = () => localNow + skew;
    provider.connect();
    // Hello's time is one way: held up behind the sync, it is three seconds stale.
    provider.deliver(hello(serverClock() - 3_000));
    const legs = [
      [30, 90],
      [200, 20],
      [40, 45],
      [15, 400],
      [60, 60],
    ] as const;
    legs.forEach(([up, down], index) => {
      vi.advanceTimersByTime(index === 0 ? 0 : 300);
      const request = provider.sent.at(-1);
      if (request?.action.type !== 'time.sync') throw new Error('expected a clock sample');
      localNow += up;
      const answerTime = serverClock();
      localNow += down;
      provider.deliver({
        type: 'time',
        id: request.id,
        clientSent: request.action.clientSent,
        serverTime: answerTime,
      });
    });
    expect(
      provider.sent.filter((r) => r.action.type === 'time.sync').length,
    ).toBeGreaterThanOrEqual(5);
    expect(Math.abs(channel.serverNow() - serverClock())).toBeLessThan(500);
    expect(Math.abs((channel.$clockOffset.get() ?? 0) - skew)).toBeLessThan(500);
  });

  it('samples the clock again every 30 s while connected, and stops on disconnect', () => {
    provider.connect();
    provider.deliver(hello());
    vi.advanceTimersByTime(2_000);
    provider.answerAll(() => localNow);
    const afterStart = provider.sent.length;
    expect(afterStart).toBe(5);
    vi.advanceTimersByTime(30_000);
    expect(provider.sent.length).toBe(afterStart + 1);
    provider.disconnect();
    vi.advanceTimersByTime(120_000);
    expect(provider.sent.length).toBe(afterStart + 1);
  });

  it('gives the handler slot back when disposed', () => {
    channel.dispose();
    expect(provider.messageHandlers[100]).toBeUndefined();
  });
});

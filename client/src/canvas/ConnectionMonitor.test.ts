import { CloseCode } from '@kohtaamo/shared';
import { ObservableV2 } from 'lib0/observable';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionMonitor, type NetworkStatusSource } from './ConnectionMonitor';

type ProviderEvents = {
  status: (event: { status: 'connected' | 'disconnected' | 'connecting' }) => void;
  'connection-close': (event: CloseEvent | null) => void;
};

class FakeProvider extends ObservableV2<ProviderEvents> {
  wsconnected = false;
  readonly calls: string[] = [];
  connect(): void {
    this.calls.push('connect');
  }
  disconnect(): void {
    this.calls.push('disconnect');
  }
  status(status: 'connected' | 'disconnected' | 'connecting'): void {
    this.wsconnected = status === 'connected';
    this.emit('status', [{ status }]);
  }
  close(code: number): void {
    this.wsconnected = false;
    this.emit('connection-close', [{ code, reason: 'test' } as CloseEvent]);
  }
}

class FakeNetwork extends EventTarget implements NetworkStatusSource {
  readonly navigator = { onLine: true };
  go(online: boolean): void {
    this.navigator.onLine = online;
    this.dispatchEvent(new Event(online ? 'online' : 'offline'));
  }
}

function setup(online = true) {
  const provider = new FakeProvider();
  const network = new FakeNetwork();
  network.navigator.onLine = online;
  const monitor = new ConnectionMonitor(provider as never, network);
  monitor.start();
  return { provider, network, monitor, state: () => monitor.$state.get() };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ConnectionMonitor', () => {
  it('goes connecting → connected → reconnecting → offline after 5 s → connected', () => {
    const { provider, state } = setup();
    expect(state()).toBe('connecting');
    provider.status('connecting');
    provider.status('connected');
    expect(state()).toBe('connected');

    provider.status('disconnected');
    provider.status('connecting');
    expect(state()).toBe('reconnecting');
    vi.advanceTimersByTime(4_999);
    expect(state()).toBe('reconnecting');
    vi.advanceTimersByTime(1);
    expect(state()).toBe('offline');
    // Further retries don't flicker back to "reconnecting".
    provider.status('connecting');
    expect(state()).toBe('offline');

    provider.status('connected');
    expect(state()).toBe('connected');
  });

  it('reports offline when the first connection keeps failing', () => {
    const { provider, state } = setup();
    provider.status('connecting');
    provider.close(1006);
    vi.advanceTimersByTime(5_000);
    expect(state()).toBe('offline');
  });

  it('disconnects when the browser goes offline and reconnects at once when it is back', () => {
    const { provider, network, state } = setup();
    provider.status('connected');
    network.go(false);
    expect(state()).toBe('offline');
    provider.status('disconnected');
    expect(state()).toBe('offline');

    expect(provider.calls).toEqual(['disconnect']);

    network.go(true);
    expect(state()).toBe('reconnecting');
    expect(provider.calls).toEqual(['disconnect', 'disconnect', 'connect']);
  });

  it('starts offline when the browser is offline', () => {
    expect(setup(false).state()).toBe('offline');
  });

  it('stops for good on a fatal close code instead of looping', async () => {
    const { provider, network, monitor, state } = setup();
    provider.status('connected');
    provider.close(CloseCode.documentTooLarge);
    await Promise.resolve();
    expect(monitor.$fatalClose.get()).toEqual({ code: CloseCode.documentTooLarge, reason: 'test' });
    expect(state()).toBe('offline');
    expect(provider.calls).toEqual(['disconnect']);

    network.go(true);
    provider.status('connecting');
    expect(provider.calls).toEqual(['disconnect']);
    expect(state()).toBe('offline');
  });

  it('stops for good when the server closes a flooding connection with rateLimited', async () => {
    const { provider, monitor, state } = setup();
    provider.status('connected');
    provider.close(CloseCode.rateLimited);
    await Promise.resolve();
    expect(monitor.$fatalClose.get()?.code).toBe(CloseCode.rateLimited);
    expect(state()).toBe('offline');
    expect(provider.calls).toEqual(['disconnect']);
  });

  it('keeps reconnecting after a non-fatal close such as a missed keep-alive', () => {
    const { provider, monitor, state } = setup();
    provider.status('connected');
    // The server terminates a peer that misses keep-alive pings without a close frame.
    provider.close(1006);
    provider.status('disconnected');
    expect(monitor.$fatalClose.get()).toBeNull();
    expect(state()).toBe('reconnecting');
  });
});

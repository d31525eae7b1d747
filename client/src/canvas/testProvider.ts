import { ObservableV2 } from 'lib0/observable';

type ProviderEvents = {
  status: (event: { status: 'connected' | 'disconnected' | 'connecting' }) => void;
  'connection-close': (event: CloseEvent | null) => void;
};

/**
 * Plays the stock y-websocket provider for tests of what watches it:
 * attempts open or fail, and its own retries are left out.
 */
export class FakeProvider extends ObservableV2<ProviderEvents> {
  ws: object | null = null;
  wsconnected = false;
  wsUnsuccessfulReconnects = 0;
  readonly calls: string[] = [];
  connect(): void {
    this.calls.push('connect');
  }
  disconnect(): void {
    this.calls.push('disconnect');
  }
  /** An attempt starts (a socket exists until it closes). */
  attempting(): void {
    this.ws = {};
    this.emit('status', [{ status: 'connecting' }]);
  }
  /** The attempt under way fails the way a refused upgrade looks in a browser. */
  failed(): void {
    this.ws = null;
    this.wsUnsuccessfulReconnects += 1;
    this.emit('connection-close', [{ code: 1006, reason: '' } as CloseEvent]);
  }
  opened(): void {
    this.wsconnected = true;
    this.emit('status', [{ status: 'connected' }]);
  }
  closedByServer(code: number): void {
    this.ws = null;
    this.wsconnected = false;
    this.emit('connection-close', [{ code, reason: 'test' } as CloseEvent]);
  }
}

import { fatalCloseCodes } from '@kohtaamo/shared';
import { atom } from 'tldraw';
import type { WebsocketProvider } from 'y-websocket';
import type { ConnectionState } from './types';

/** The parts of the y-websocket provider the monitor watches and steers. */
export type MonitoredProvider = Pick<
  WebsocketProvider,
  'on' | 'off' | 'connect' | 'disconnect' | 'wsconnected'
>;

/** A close after which the provider stopped reconnecting. */
export interface FatalClose {
  readonly code: number;
  readonly reason: string;
}

/** Where online/offline events come from; `window` in the browser. */
export interface NetworkStatusSource {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

/** Timing of the monitor. */
export interface ConnectionMonitorOptions {
  /** How long connecting or reconnecting may fail before the state becomes 'offline' (ms). */
  readonly offlineAfterMs?: number;
}

/**
 * Derives the {@link ConnectionState} shown in the UI from the provider's
 * events and the browser's online status, and stops the provider for good on
 * a fatal close code (reconnecting would only be refused again).
 */
export class ConnectionMonitor {
  /** The state for the UI. */
  readonly $state = atom<ConnectionState>('kohtaamo.connectionState', 'connecting');
  /** Set once the server closed the connection with one of the shared fatal close codes. */
  readonly $fatalClose = atom<FatalClose | null>('kohtaamo.fatalClose', null);

  private readonly offlineAfterMs: number;
  private everConnected = false;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private started = false;

  constructor(
    private readonly provider: MonitoredProvider,
    private readonly network: NetworkStatusSource,
    options: ConnectionMonitorOptions = {},
  ) {
    this.offlineAfterMs = options.offlineAfterMs ?? 5000;
  }

  /** Starts listening; call before the provider connects so no event is missed. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.provider.on('status', this.onStatus);
    this.provider.on('connection-close', this.onClose);
    this.network.addEventListener('online', this.onOnline);
    this.network.addEventListener('offline', this.onOffline);
    if (!this.network.navigator.onLine) this.$state.set('offline');
    else this.armOfflineTimer();
  }

  /** Stops listening. Does not touch the provider's connection. */
  dispose(): void {
    this.provider.off('status', this.onStatus);
    this.provider.off('connection-close', this.onClose);
    this.network.removeEventListener('online', this.onOnline);
    this.network.removeEventListener('offline', this.onOffline);
    this.clearOfflineTimer();
  }

  private readonly onStatus = ({ status }: { status: string }): void => {
    if (this.$fatalClose.get()) return;
    if (status === 'connected') {
      this.everConnected = true;
      this.clearOfflineTimer();
      this.$state.set('connected');
      return;
    }
    if (!this.network.navigator.onLine) {
      this.$state.set('offline');
      return;
    }
    // Once offline, stay offline until a connection succeeds rather than flicker on every retry.
    if (this.$state.get() !== 'offline') {
      this.$state.set(this.everConnected ? 'reconnecting' : 'connecting');
    }
    this.armOfflineTimer();
  };

  private readonly onClose = (event: CloseEvent | null): void => {
    if (!event || !fatalCloseCodes.has(event.code) || this.$fatalClose.get()) return;
    this.$fatalClose.set({ code: event.code, reason: event.reason });
    this.clearOfflineTimer();
    this.$state.set('offline');
    // The provider should be built to not retry these codes; make sure, but outside its close handling.
    queueMicrotask(() => this.provider.disconnect());
  };

  private readonly onOffline = (): void => {
    this.clearOfflineTimer();
    this.$state.set('offline');
    if (this.$fatalClose.get()) return;
    // The socket may linger without delivering anything; stop it and its futile retries.
    this.provider.disconnect();
  };

  private readonly onOnline = (): void => {
    if (this.$fatalClose.get()) return;
    this.$state.set(this.everConnected ? 'reconnecting' : 'connecting');
    this.armOfflineTimer();
    // A fresh connection re-runs the sync handshake, so edits made offline are exchanged now.
    this.provider.disconnect();
    this.provider.connect();
  };

  private armOfflineTimer(): void {
    if (this.offlineTimer !== null) return;
    this.offlineTimer = setTimeout(() => {
      this.offlineTimer = null;
      if (!this.provider.wsconnected && !this.$fatalClose.get()) this.$state.set('offline');
    }, this.offlineAfterMs);
  }

  private clearOfflineTimer(): void {
    if (this.offlineTimer === null) return;
    clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
  }
}

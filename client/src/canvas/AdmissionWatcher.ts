import { atom } from 'tldraw';
import type { WebsocketProvider } from 'y-websocket';
import type { CheckAdmission } from '../app/admissionApi';

/** The parts of the y-websocket provider the watcher listens to and paces. */
export type AdmittedProvider = Pick<
  WebsocketProvider,
  'on' | 'off' | 'connect' | 'disconnect' | 'ws' | 'wsconnected' | 'wsUnsuccessfulReconnects'
>;

/** Why the board cannot be entered right now, and when the next attempt is due. */
export interface FullBoard {
  /** `room`: the board has as many connections as it allows; `address`: this network has. */
  readonly cap: 'room' | 'address';
  /** The cap that was reached. */
  readonly limit: number;
  /** When the next connection attempt starts (ms since the epoch). */
  readonly retryAt: number;
}

/** What an {@link AdmissionWatcher} asks about. */
export interface AdmissionWatcherOptions {
  readonly roomId: string;
  readonly token: string | null;
  readonly check: CheckAdmission;
}

/**
 * Finds out why the board's WebSocket cannot connect when the reason is a
 * connection cap. A refused upgrade reaches the page only as close 1006,
 * the same as a dead network, so after a failed attempt the watcher asks the
 * server's admission check once. If the room (or this network) is full, it
 * publishes {@link $full} and takes over the pace of retries from the
 * provider's 2.5 s back-off: one attempt per `Retry-After`, asking again
 * only after such an attempt fails too. Any other answer leaves the provider
 * to retry on its own, without further questions until it has connected
 * once more. A successful connection clears everything.
 */
export class AdmissionWatcher {
  /** Set while the board is known to be full; `null` otherwise. */
  readonly $full = atom<FullBoard | null>('kohtaamo.fullBoard', null);

  /** Asked since the streak began or the last paced attempt started. */
  private asked = false;
  private asking = false;
  /** The attempt under way has opened (so its close is not a failed connection). */
  private opened = false;
  /** Bumped on connect and dispose, so an answer that arrives afterwards is dropped. */
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retrySeconds = 0;
  private started = false;

  constructor(
    private readonly provider: AdmittedProvider,
    private readonly options: AdmissionWatcherOptions,
  ) {}

  /** Starts listening. A streak of failures that began before is picked up at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.provider.on('status', this.onStatus);
    this.provider.on('connection-close', this.onClose);
    if (!this.provider.wsconnected && this.provider.wsUnsuccessfulReconnects > 0) {
      this.onFailure();
    }
  }

  /** Stops listening and drops any paced retry (the provider is left as it is). */
  dispose(): void {
    this.provider.off('status', this.onStatus);
    this.provider.off('connection-close', this.onClose);
    this.generation += 1;
    this.clearRetryTimer();
  }

  /** Starts the paced attempt now instead of at `retryAt`. */
  retryNow(): void {
    if (this.retryTimer === null) return;
    this.clearRetryTimer();
    const full = this.$full.get();
    if (full !== null) this.$full.set({ ...full, retryAt: Date.now() });
    this.attempt();
  }

  private readonly onStatus = ({ status }: { status: string }): void => {
    if (status !== 'connected') return;
    this.opened = true;
    this.generation += 1;
    this.asked = false;
    this.asking = false;
    this.clearRetryTimer();
    this.$full.set(null);
  };

  private readonly onClose = (event: CloseEvent | null): void => {
    // `null`: closed by this page (disconnect, watchdog), which says nothing about the server.
    if (event === null) return;
    if (this.opened) {
      this.opened = false;
      return;
    }
    this.onFailure();
  };

  private onFailure(): void {
    if (this.asking) return;
    if (!this.asked) {
      this.asked = true;
      void this.ask();
      return;
    }
    // An attempt that was already under way when the answer came: it failed as expected.
    if (this.$full.get() !== null && this.retryTimer === null) this.pace();
  }

  private async ask(): Promise<void> {
    const generation = this.generation;
    this.asking = true;
    const admission = await this.options.check(this.options.roomId, this.options.token);
    if (generation !== this.generation) return;
    this.asking = false;
    if (admission.kind !== 'full') {
      this.$full.set(null);
      return;
    }
    this.retrySeconds = admission.retryAfterSeconds;
    this.$full.set({
      cap: admission.cap,
      limit: admission.limit,
      retryAt: Date.now() + admission.retryAfterSeconds * 1000,
    });
    // Between attempts: pause the provider now. Mid-attempt: its failure paces (onFailure).
    if (this.provider.ws === null) this.pace();
  }

  /** Stops the provider's own retries and schedules one attempt after `Retry-After`. */
  private pace(): void {
    const full = this.$full.get();
    if (full === null) return;
    this.provider.disconnect();
    this.clearRetryTimer();
    const delayMs = this.retrySeconds * 1000;
    this.$full.set({ ...full, retryAt: Date.now() + delayMs });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.attempt();
    }, delayMs);
  }

  private attempt(): void {
    this.asked = false;
    this.provider.connect();
  }

  private clearRetryTimer(): void {
    if (this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}

import {
  CloseCode,
  controlCapabilityParam,
  fatalCloseCodes,
  participantKeyParam,
  type RoomRole,
  roomTokenParam,
} from '@kohtaamo/shared';
import {
  atom,
  type Computed,
  computed,
  createPresenceStateDerivation,
  createTLStore,
  defaultBindingUtils,
  type Editor,
  getDefaultUserPresence,
  InstancePresenceRecordType,
  react,
  type TLCurrentUser,
  type TLEventInfo,
  type TLStore,
  type TLStoreWithStatus,
} from 'tldraw';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ControlChannel } from '../facilitation/ControlChannel';
import { FacilitationState } from '../facilitation/FacilitationState';
import { PrivateNotes } from '../facilitation/privateNotes/PrivateNotes';
import { PrivateOwnership } from '../facilitation/privateNotes/PrivateOwnership';
import { VoteTracker } from '../facilitation/voting/VoteTracker';
import type { Locale } from '../i18n/messages';
import { boardShapeUtils } from '../shapes/kohtaamoShapeUtils';
import { registerAuthorMeta } from './authorMeta';
import { createBoardUser } from './boardUser';
import { ConnectionMonitor, type NetworkStatusSource } from './ConnectionMonitor';
import { openLocalPersistence } from './localPersistence';
import { PresenceSync } from './PresenceSync';
import { RoomAssetStore } from './RoomAssetStore';
import { type EditRefusal, registerRoleGuards } from './roleGuards';
import type { LocalPersistence, LocalUser } from './types';
import { nextFrame, YjsStoreBinding } from './YjsStoreBinding';

export type { LocalPersistence } from './types';

/**
 * Why the board is read-only: written by a newer version, the server refused
 * it for good, or the link only lets its holder view.
 */
export type ReadOnlyReason = 'outdated' | 'fatal' | 'viewer';

/** What a {@link BoardSession} is built from. */
export interface BoardSessionOptions {
  readonly roomId: string;
  readonly user: LocalUser;
  readonly locale: Locale;
  /** WebSocket base URL; the room id is appended as the last path segment. */
  readonly serverUrl: string;
  /** Opens local persistence; `null` when unavailable. Defaults to none (tests). */
  readonly openPersistence?: (name: string, doc: Y.Doc) => LocalPersistence | null;
  /** Give up waiting for local persistence after this long (ms). */
  readonly persistenceTimeoutMs?: number;
  /** Online/offline events; defaults to `window`. */
  readonly network?: NetworkStatusSource;
  /** Replaces the WebSocket implementation (tests). */
  readonly WebSocketImpl?: typeof WebSocket;
  /** Replaces `fetch` for uploads (tests). */
  readonly fetch?: typeof fetch;
  /** Origin of the HTTP API; the page's own origin when absent. */
  readonly httpBaseUrl?: string;
  /** The capability token of the link the board was opened with; `null`/absent for a bare room id. */
  readonly token?: string | null;
  /** The link only lets its holder view: nothing is ever written to the document. */
  readonly viewOnly?: boolean;
  /**
   * The link's role; `null`/absent for a bare room id. Participants and
   * guests get the editor guards that mirror the server's role rules.
   */
  readonly role?: RoomRole | null;
}

/** Name of a room's local IndexedDB database. */
export function localDatabaseName(roomId: string): string {
  return `kohtaamo:${roomId}`;
}

/**
 * Everything one open board needs: the Y.Doc with its server connection and
 * local persistence, the tldraw store bound to it, presence, and the
 * connection state. One session per room visit; {@link destroy} releases it
 * all, so switching rooms leaks nothing.
 *
 * The store stays 'loading' until local persistence has loaded. A board
 * found there at this client's schema is shown at once, and the server's
 * changes merge in when the sync arrives. Otherwise it waits until the server
 * sync completed or the client is offline (or the server refused the board
 * for good): deciding earlier would make a board that merely hasn't arrived
 * yet look empty, and initialising it would duplicate its pages; a local
 * copy at an older schema also waits, so its migration covers the server's
 * records too.
 */
export class BoardSession {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly provider: WebsocketProvider;
  readonly connection: ConnectionMonitor;
  readonly store: TLStore;
  readonly binding: YjsStoreBinding;
  readonly presence: PresenceSync;
  readonly currentUser: TLCurrentUser;
  /** Where images and videos put on the board are uploaded. */
  readonly assets: RoomAssetStore;
  /** Requests to the server's facilitator toolkit, its notices and the server clock. */
  readonly control: ControlChannel;
  /** The public facilitation state (agenda, timer, follow, votes) read from the document. */
  readonly facilitation: FacilitationState;
  /** This person's vote ballots and vote progress, from the control channel's notices. */
  readonly votes: VoteTracker;
  /**
   * What this person writes during private rounds, in their private document
   * (see {@link PrivateNotes}); `null` for a viewer, who writes nothing.
   */
  readonly privateNotes: PrivateNotes | null;
  /** Why editing is disabled, or `null`. */
  readonly $readOnlyReason: Computed<ReadOnlyReason | null>;
  /** For `<Tldraw store>`. */
  readonly $storeWithStatus: Computed<TLStoreWithStatus>;

  private readonly $started = atom('kohtaamo.started', false);
  private readonly $localLoaded = atom('kohtaamo.localLoaded', false);
  private readonly $remoteSynced = atom('kohtaamo.remoteSynced', false);
  private readonly persistence: LocalPersistence | null;
  private readonly disposers: (() => void)[] = [];
  private editor: Editor | null = null;
  private locale: Locale;
  private destroyed = false;
  private readonly role: RoomRole | null;
  private readonly refusalListeners = new Set<(refusal: EditRefusal) => void>();
  private localCopyDropped: Promise<void> | null = null;

  constructor(options: BoardSessionOptions) {
    const { roomId, user, locale } = options;
    const token = options.token ?? null;
    const viewOnly = options.viewOnly ?? false;
    this.locale = locale;
    this.role = options.role ?? null;
    this.awareness = new Awareness(this.doc);
    this.provider = new WebsocketProvider(options.serverUrl, roomId, this.doc, {
      connect: false,
      awareness: this.awareness,
      // The key proves to the server which participant id is ours (a guest's content is
      // checked against it). It goes on this socket only: never into the document or awareness.
      params: {
        ...(token ? { [roomTokenParam]: token } : {}),
        [participantKeyParam]: user.key,
        // This client reads facilitation control frames (see ControlChannel).
        [controlCapabilityParam]: '1',
      },
      shouldReconnect: (event) => !fatalCloseCodes.has(event.code),
      ...(options.WebSocketImpl ? { WebSocketPolyfill: options.WebSocketImpl } : {}),
    });
    sendOnlyOwnPresence(this.provider, this.awareness, this.doc.clientID);
    // Nothing a viewer's document does may reach the server (it would close the connection):
    // not local persistence merging in, not a stray write.
    if (viewOnly) this.doc.off('update', this.provider._updateHandler);
    this.connection = new ConnectionMonitor(this.provider, options.network ?? window);
    this.control = new ControlChannel(this.provider);
    this.facilitation = new FacilitationState(this.doc);
    this.votes = new VoteTracker(this.control);

    const boardUser = createBoardUser(user, locale);
    this.currentUser = boardUser.currentUser;
    this.$readOnlyReason = computed('kohtaamo.readOnlyReason', () => {
      if (this.binding.$readOnlyReason.get()) return 'outdated';
      if (this.connection.$fatalClose.get()) return 'fatal';
      return viewOnly ? 'viewer' : null;
    });
    this.assets = new RoomAssetStore({
      roomId,
      getLocale: () => this.locale,
      fetch: options.fetch,
      baseUrl: options.httpBaseUrl,
      token,
    });
    this.store = createTLStore({
      // Without it tldraw inlines every image into the shared document as a data: URL.
      assets: this.assets,
      shapeUtils: boardShapeUtils,
      bindingUtils: defaultBindingUtils,
      users: { currentUser: boardUser.$user },
      collaboration: {
        status: computed('kohtaamo.collaborationStatus', () =>
          this.connection.$state.get() === 'connected' ? 'online' : 'offline',
        ),
        mode: computed('kohtaamo.collaborationMode', () =>
          this.$readOnlyReason.get() ? 'readonly' : 'readwrite',
        ),
      },
    });
    // A viewer writes nothing, so has nothing private: no private document, no second socket.
    const ownership = viewOnly ? null : new PrivateOwnership((id) => this.binding.hasRecord(id));
    this.binding = new YjsStoreBinding(this.store, this.doc, {
      viewOnly,
      scheduleRemote: nextFrame(),
      ...(ownership ? { scope: ownership.boardScope } : {}),
    });
    this.privateNotes = ownership
      ? new PrivateNotes({
          roomId,
          serverUrl: options.serverUrl,
          participantId: user.id,
          participantKey: user.key,
          token,
          store: this.store,
          ownership,
          $privateMode: this.facilitation.$privateMode,
          openPersistence: options.openPersistence,
          persistenceTimeoutMs: options.persistenceTimeoutMs,
          WebSocketImpl: options.WebSocketImpl,
        })
      : null;
    this.presence = new PresenceSync(
      this.store,
      this.awareness,
      createPresenceStateDerivation(boardUser.$user, {
        instanceId: InstancePresenceRecordType.createId(String(this.doc.clientID)),
        // The pointer's timestamp alone goes stale while someone types or uses the keyboard;
        // peers would then show them as idle and, after a minute, hide them.
        getUserPresence: (store, user) => {
          const presence = getDefaultUserPresence(store, user);
          if (!presence) return null;
          const lastChange = this.binding.$lastLocalChangeAt.get();
          const lastActivity = Math.max(presence.lastActivityTimestamp ?? 0, lastChange);
          return { ...presence, lastActivityTimestamp: lastActivity || null };
        },
      })(this.store),
    );
    this.$storeWithStatus = computed('kohtaamo.storeWithStatus', (): TLStoreWithStatus => {
      const error = this.binding.$loadError.get();
      if (error) return { status: 'error', error };
      if (!this.$started.get()) return { status: 'loading' };
      const online = this.connection.$state.get() === 'connected';
      return {
        status: 'synced-remote',
        connectionStatus: online ? 'online' : 'offline',
        store: this.store,
      };
    });

    const onSync = (synced: boolean) => {
      if (synced) this.$remoteSynced.set(true);
      this.startWhenReady();
    };
    this.provider.on('sync', onSync);
    this.disposers.push(() => this.provider.off('sync', onSync));
    const onStatus = ({ status }: { status: string }) => {
      if (status === 'connected') this.reannouncePresence();
    };
    this.provider.on('status', onStatus);
    this.disposers.push(() => this.provider.off('status', onStatus));
    this.disposers.push(
      react('kohtaamo.startWhenOffline', () => {
        this.connection.$state.get();
        this.connection.$fatalClose.get();
        // Outside the reaction: starting puts records into the store.
        queueMicrotask(() => this.startWhenReady());
      }),
    );

    this.persistence = this.openPersistence(options);
    // The refused change is in the local copy and would be sent again on the next visit.
    this.disposers.push(
      react('kohtaamo.dropRefusedLocalCopy', () => {
        if (this.connection.$fatalClose.get()?.code === CloseCode.editRejected) {
          void this.dropLocalCopy();
        }
      }),
    );
    this.connection.start();
    this.provider.connect();
    this.watchPageHide();
  }

  /** Called from `<Tldraw onMount>`; returns the cleanup. */
  attachEditor(editor: Editor): () => void {
    this.editor = editor;
    const detachHistory = this.binding.attachHistory(editor);
    const guest = this.role === 'guest';
    const privateNotes = this.privateNotes;
    // What goes to the private document is judged by a guest's rules, whatever the role.
    const detachAuthorMeta = registerAuthorMeta(editor, {
      guest: privateNotes ? (record) => guest || privateNotes.takesNew(record) : guest,
    });
    const onRefused = (refusal: EditRefusal) => {
      for (const listener of this.refusalListeners) listener(refusal);
    };
    const detachRoleGuards = registerRoleGuards(editor, this.role, onRefused);
    // After the board's: the history hooks unwind in reverse order.
    const detachPrivate = privateNotes?.attachEditor(editor, onRefused) ?? (() => {});
    const onEvent = (info: TLEventInfo) => {
      // Releasing the pointer ends a gesture: send it now rather than at the next throttle tick.
      if (info.type === 'pointer' && info.name === 'pointer_up') {
        setTimeout(() => this.flush(), 0);
      }
    };
    editor.on('event', onEvent);
    return () => {
      detachPrivate();
      detachHistory();
      detachAuthorMeta();
      detachRoleGuards();
      editor.off('event', onEvent);
      if (this.editor === editor) this.editor = null;
    };
  }

  /**
   * The role of the link the board was opened with; `null` in a legacy open
   * room, where everyone may do everything.
   */
  getRole(): RoomRole | null {
    return this.role;
  }

  /** The editor currently mounted on this session's store, if any. */
  getEditor(): Editor | null {
    return this.editor;
  }

  /**
   * Calls `listener` whenever the editor guards stop a change the role rules
   * refuse (see `registerRoleGuards`). Returns the function that stops it.
   */
  onEditRefused(listener: (refusal: EditRefusal) => void): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  /**
   * Deletes this room's local copy, so the next visit starts from the
   * server's: after the server refused an update (`editRejected`) the local
   * copy holds the refused change. Local persistence stops with it. Resolves
   * when the copy is gone (or could not be deleted); safe to call again.
   */
  dropLocalCopy(): Promise<void> {
    if (!this.localCopyDropped) {
      const persistence = this.persistence;
      this.localCopyDropped = Promise.resolve()
        .then(() => persistence?.clearData?.())
        .then(
          () => {},
          () => {},
        );
    }
    return this.localCopyDropped;
  }

  /** Applies a changed name, colour or UI language without reloading the board. */
  updateUser(user: Pick<LocalUser, 'name' | 'color'>, locale: Locale): void {
    this.locale = locale;
    const next = { name: user.name, color: user.color, locale };
    if (this.editor) this.editor.user.updateUserPreferences(next);
    else
      this.currentUser.setUserPreferences({ ...this.currentUser.userPreferences.get(), ...next });
  }

  /** Writes pending changes, leaves the room and releases everything. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.votes.dispose();
    this.control.dispose();
    this.facilitation.dispose();
    this.presence.dispose();
    // Flushes pending edits into the docs while the providers and persistence can still take them.
    this.privateNotes?.destroy();
    this.binding.dispose();
    this.connection.dispose();
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'session closed');
    this.provider.destroy();
    this.awareness.destroy();
    const persistence = this.persistence;
    if (persistence) {
      void Promise.resolve()
        .then(() => persistence.destroy())
        .catch(() => {});
    }
    this.doc.destroy();
    this.store.dispose();
  }

  private openPersistence(options: BoardSessionOptions): LocalPersistence | null {
    const { persistence, loaded } = openLocalPersistence(
      () => options.openPersistence?.(localDatabaseName(options.roomId), this.doc),
      options.persistenceTimeoutMs ?? 3000,
      this.disposers,
    );
    if (loaded === null) {
      this.$localLoaded.set(true);
    } else {
      void loaded.then(() => {
        this.$localLoaded.set(true);
        this.startWhenReady();
      });
    }
    return persistence;
  }

  private startWhenReady(): void {
    if (this.destroyed || this.$started.get() || !this.$localLoaded.get()) return;
    const canStart =
      this.binding.canStartBeforeServerSync() ||
      this.$remoteSynced.get() ||
      this.connection.$state.get() === 'offline' ||
      this.connection.$fatalClose.get() !== null;
    if (!canStart) return;
    this.binding.start();
    this.presence.start();
    this.$started.set(true);
    // Private notes may sit in the board's templates and frames: they join the store after them.
    this.privateNotes?.boardStarted();
  }

  /**
   * On disconnect the server (and through it every peer) drops this client's
   * awareness state but keeps its clock; on reconnect the stock provider
   * re-sends the state with that same clock, which receivers ignore, so the
   * user stays invisible until the 15 s renewal (y-websocket #122). Setting
   * the state again moves the clock past the one they hold.
   */
  private reannouncePresence(): void {
    const state = this.awareness.getLocalState();
    if (state !== null) this.awareness.setLocalState(state);
  }

  /** Writes every pending local change now, to the board and the private document. */
  private flush(): void {
    this.binding.flush();
    this.privateNotes?.flush();
  }

  private watchPageHide(): void {
    const flush = () => this.flush();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    this.disposers.push(() => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    });
  }
}

type AwarenessChanges = Parameters<WebsocketProvider['_awarenessUpdateHandler']>[0];

/**
 * The stock provider sends every awareness change it applies, other people's
 * included, which it has just received from the server: in a room of n
 * people each presence change would come back to the server n − 1 times
 * (the server drops those echoes, but reads them all). This keeps the
 * provider's own sender and gives it only this client's changes. The
 * listener goes with the awareness's `destroy`.
 */
function sendOnlyOwnPresence(
  provider: WebsocketProvider,
  awareness: Awareness,
  clientId: number,
): void {
  const sendChanges = provider._awarenessUpdateHandler;
  const own = (ids: readonly number[]) => ids.filter((id) => id === clientId);
  awareness.off('update', sendChanges);
  awareness.on('update', (changes: AwarenessChanges, origin: unknown) => {
    const ownChanges = {
      added: own(changes.added),
      updated: own(changes.updated),
      removed: own(changes.removed),
    };
    if (ownChanges.added.length + ownChanges.updated.length + ownChanges.removed.length > 0) {
      sendChanges(ownChanges, origin);
    }
  });
}

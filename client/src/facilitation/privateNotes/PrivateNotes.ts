import {
  CloseCode,
  documentScopeParam,
  type EditActor,
  fatalCloseCodes,
  isPrivateContent,
  type PrivateModeState,
  participantKeyParam,
  privateDocumentScope,
  type RecordLookup,
  refuseRecordEdit,
  roomTokenParam,
  type StoredRecord,
} from '@kohtaamo/shared';
import {
  atom,
  type Editor,
  react,
  type Signal,
  type TLAsset,
  type TLBinding,
  type TLRecord,
  type TLShape,
  type TLStore,
} from 'tldraw';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openLocalPersistence } from '../../canvas/localPersistence';
import type { EditRefusal } from '../../canvas/roleGuards';
import type { LocalPersistence } from '../../canvas/types';
import { YjsStoreBinding, type YjsStoreBindingOptions } from '../../canvas/YjsStoreBinding';
import type { PrivateOwnership } from './PrivateOwnership';

/** Name of the local IndexedDB database of one person's private document of a room. */
export function privateDatabaseName(roomId: string, participantId: string): string {
  return `kohtaamo:${roomId}:private:${participantId}`;
}

/** What {@link PrivateNotes} is built from. */
export interface PrivateNotesOptions {
  readonly roomId: string;
  /** The board's WebSocket base URL; the private socket goes to the same `/sync/<roomId>`. */
  readonly serverUrl: string;
  /** The person's public participant id (names the local database). */
  readonly participantId: string;
  /** The secret participant key: the server keeps one private document per key. */
  readonly participantKey: string;
  /** The capability token of the board's link, if any. */
  readonly token: string | null;
  /** The store the board binding writes from too. */
  readonly store: TLStore;
  /** Which records are private; its `boardScope` must be the board binding's scope. */
  readonly ownership: PrivateOwnership;
  /** The round's public state, read from the board document. */
  readonly $privateMode: Signal<PrivateModeState>;
  /** Opens local persistence; `null` when unavailable. Defaults to none (tests). */
  readonly openPersistence?: (name: string, doc: Y.Doc) => LocalPersistence | null;
  /** Give up waiting for local persistence after this long (ms). */
  readonly persistenceTimeoutMs?: number;
  /** Replaces the WebSocket implementation (tests). */
  readonly WebSocketImpl?: typeof WebSocket;
  /** Flush timing of the private binding. */
  readonly binding?: Pick<YjsStoreBindingOptions, 'flushIntervalMs' | 'strokeIntervalMs'>;
  /**
   * How often the private socket asks the server for what it lacks (ms).
   * The socket carries no presence, so without it a quiet round would look
   * like a dead connection to the provider (it gives up after 30 s of silence).
   */
  readonly resyncIntervalMs?: number;
}

/**
 * This person's private writing during private rounds: their private Y.Doc
 * of the room, synced over a second, stock y-websocket connection and kept
 * locally, and bound to the board's tldraw store beside the board binding.
 *
 * While a round is on, whatever content the person creates (notes, text,
 * images, shapes; not templates, see `isPrivateContent`) goes to the
 * private document only, stamped with them as its author as a guest's
 * would be, since the server judges a private document by a guest's rules.
 * The reveal is the server's: it writes the records onto the board with
 * the same ids and deletes them here, and the board binding takes them over
 * (see {@link PrivateOwnership}).
 *
 * The private socket is open while a round is on or while the private
 * document still holds records (written offline, or not yet cleared after
 * the reveal), and closed otherwise. Never create one for a viewer: the
 * server refuses a viewer's private socket.
 */
export class PrivateNotes {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly binding: YjsStoreBinding;
  /** The ids of this person's private records (see {@link PrivateOwnership}), for the UI. */
  readonly $ids: Signal<ReadonlySet<string>>;
  /** The close code after which the server refuses the private socket for good, or `null`. */
  readonly $fatalClose = atom<number | null>('kohtaamo.private.fatalClose', null);

  private readonly store: TLStore;
  private readonly ownership: PrivateOwnership;
  private readonly $privateMode: Signal<PrivateModeState>;
  private readonly awareness: Awareness;
  private readonly persistence: LocalPersistence | null;
  private readonly $localLoaded = atom('kohtaamo.private.localLoaded', false);
  private readonly $boardStarted = atom('kohtaamo.private.boardStarted', false);
  private readonly disposers: (() => void)[] = [];
  private started = false;
  private destroyed = false;
  private localCopyDropped: Promise<void> | null = null;

  constructor(options: PrivateNotesOptions) {
    this.store = options.store;
    this.ownership = options.ownership;
    this.$ids = options.ownership.$ids;
    this.$privateMode = options.$privateMode;
    // No presence on this socket: the board's carries it, and nobody else is in this document.
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.provider = new WebsocketProvider(options.serverUrl, options.roomId, this.doc, {
      connect: false,
      awareness: this.awareness,
      params: {
        ...(options.token ? { [roomTokenParam]: options.token } : {}),
        [participantKeyParam]: options.participantKey,
        [documentScopeParam]: privateDocumentScope,
      },
      // The board's provider uses the same channel name (server URL and room): with it, another
      // tab's board updates would land in this private document and be sent on.
      disableBc: true,
      resyncInterval: options.resyncIntervalMs ?? 15_000,
      shouldReconnect: (event) => !fatalCloseCodes.has(event.code),
      ...(options.WebSocketImpl ? { WebSocketPolyfill: options.WebSocketImpl } : {}),
    });
    this.binding = new YjsStoreBinding(this.store, this.doc, {
      ...options.binding,
      scope: this.ownership.privateScope,
    });

    for (const typeName of ['shape', 'binding', 'asset'] as const) {
      this.disposers.push(
        this.store.sideEffects.registerAfterCreateHandler(typeName, (record, source) => {
          if (source === 'user') this.onCreated(record);
        }),
      );
    }
    const onClose = (event: CloseEvent | null) => {
      if (event && fatalCloseCodes.has(event.code)) {
        this.$fatalClose.set(event.code);
        // The refused change is in the local copy and would be sent again on the next visit.
        if (event.code === CloseCode.editRejected) void this.dropLocalCopy();
      }
    };
    this.provider.on('connection-close', onClose);
    this.disposers.push(() => this.provider.off('connection-close', onClose));

    this.persistence = this.openPersistence(options);
    this.disposers.push(
      react('kohtaamo.private.connection', () => {
        if (this.wantsConnection()) {
          if (!this.provider.shouldConnect) this.provider.connect();
        } else if (this.provider.shouldConnect) {
          this.provider.disconnect();
        }
      }),
    );
  }

  /** Whether a private round is on now. */
  isRoundOn(): boolean {
    return this.$privateMode.get().status === 'on';
  }

  /**
   * Whether a record the local user creates now goes to the private
   * document: private content in a round, except what an undo or redo
   * brings back (a board note deleted during the round stays the board's).
   */
  takesNew(record: { readonly typeName: unknown; readonly type?: unknown }): boolean {
    return (
      !this.destroyed && this.isRoundOn() && !this.binding.isReplaying() && isPrivateContent(record)
    );
  }

  /**
   * Tells it the board binding has started, so private records can join
   * the store: they may sit in templates and frames of the board.
   */
  boardStarted(): void {
    this.$boardStarted.set(true);
    this.startWhenReady();
  }

  /**
   * Hooks the editor: undo and redo go through the private binding too, and
   * the changes a guest may not make to their content (see
   * `refuseRecordEdit`) are kept from private records, as the server judges
   * the private document by a guest's rules and would close the socket.
   * A board shape is kept from moving into a private one (a frame or
   * group), where the others' boards would lose it. Returns the cleanup.
   * @param onRefused hears of every change the guards stopped.
   */
  attachEditor(editor: Editor, onRefused: (refusal: EditRefusal) => void = () => {}): () => void {
    const detachHistory = this.binding.attachHistory(editor);
    const actor = (): EditActor => ({ role: 'guest', participantId: editor.user.getId() });
    const lookup: RecordLookup = (id) => asStored(this.store.get(id as TLRecord['id']));
    const refused = (before: TLRecord, after: TLRecord | undefined): boolean => {
      if (!this.ownership.isPrivate(before.id)) return false;
      const refusal = refuseRecordEdit(actor(), asStored(before), asStored(after), lookup);
      if (refusal === undefined) return false;
      onRefused({ ...refusal, recordId: before.id });
      return true;
    };
    const stops = (['shape', 'binding', 'asset'] as const).flatMap((typeName) => [
      editor.sideEffects.registerBeforeChangeHandler(typeName, (prev, next, source) =>
        source === 'user' && refused(prev, next) ? prev : next,
      ),
      editor.sideEffects.registerBeforeDeleteHandler(typeName, (record, source) =>
        source === 'user' && refused(record, undefined) ? false : undefined,
      ),
    ]);
    stops.push(
      editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
        if (source !== 'user' || prev.parentId === next.parentId) return next;
        const boardShape = !this.ownership.isPrivate(next.id);
        return boardShape && this.ownership.isPrivate(next.parentId) ? prev : next;
      }),
      // Only the facilitator locks, and the server checks this document as a guest's.
      editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) =>
        source === 'user' && shape.isLocked && this.takesNew(shape)
          ? { ...shape, isLocked: false }
          : shape,
      ),
    );
    return () => {
      for (const stop of stops) stop();
      detachHistory();
    };
  }

  /** Writes pending private changes now. */
  flush(): void {
    this.binding.flush();
  }

  /**
   * Deletes the local copy of the private document (after the server
   * refused an update of it): the next visit starts from the server's.
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

  /** Writes pending changes, closes the private socket and releases everything. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.binding.dispose();
    this.provider.destroy();
    this.awareness.destroy();
    const persistence = this.persistence;
    if (persistence) {
      void Promise.resolve()
        .then(() => persistence.destroy())
        .catch(() => {});
    }
    this.doc.destroy();
  }

  private wantsConnection(): boolean {
    if (this.$fatalClose.get() !== null) return false;
    if (this.$privateMode.get().status === 'on') return true;
    // Records written offline (or not yet cleared after a reveal) go to the server, which moves
    // them to the board; an empty document needs no socket.
    return this.$localLoaded.get() && this.binding.$recordCount.get() > 0;
  }

  private onCreated(record: TLShape | TLBinding | TLAsset): void {
    if (!this.takesNew(record)) return;
    if (record.typeName !== 'binding') {
      this.ownership.markPrivate(record.id);
    } else if (this.ownership.isPrivate(record.fromId)) {
      this.ownership.markPrivate(record.id);
    } else if (this.ownership.isPrivate(record.toId)) {
      this.ownership.markLocalOnly(record.id);
    }
  }

  private openPersistence(options: PrivateNotesOptions): LocalPersistence | null {
    const { persistence, loaded } = openLocalPersistence(
      () =>
        options.openPersistence?.(
          privateDatabaseName(options.roomId, options.participantId),
          this.doc,
        ),
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
    if (this.destroyed || this.started) return;
    if (!this.$localLoaded.get() || !this.$boardStarted.get()) return;
    this.started = true;
    this.binding.start();
  }
}

/** A tldraw record is plain JSON: the rules read it as the server stores it. */
function asStored<R extends TLRecord | undefined>(
  record: R,
): R extends TLRecord ? StoredRecord : StoredRecord | undefined {
  return record as unknown as R extends TLRecord ? StoredRecord : StoredRecord | undefined;
}

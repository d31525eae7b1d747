import {
  type Agenda,
  type AgendaPhase,
  type FollowState,
  facilitationKeys,
  facilitationMapName,
  type PrivateModeState,
  readFacilitationState,
  type FacilitationState as StoredFacilitationState,
  type TimerState,
  type VoteSession,
  voteSessionKeyPrefix,
} from '@kohtaamo/shared';
import { atom, type Computed, computed, type Signal } from 'tldraw';
import type * as Y from 'yjs';

/**
 * The public facilitation state of a board as signals, read from the
 * document's `facilitation` map (written only by the server, so it
 * arrives with the sync and late joiners see it at once). Each part is
 * its own signal and changes only when its key does, so the timer ticking
 * along does not redraw the agenda. Missing or malformed values read as
 * their defaults (the default agenda, an idle timer, …).
 */
export class FacilitationState {
  readonly $agenda: Signal<Agenda>;
  readonly $timer: Signal<TimerState>;
  readonly $privateMode: Signal<PrivateModeState>;
  readonly $follow: Signal<FollowState>;
  /** Readable vote sessions, oldest first. */
  readonly $voteSessions: Signal<readonly VoteSession[]>;
  /** The phase that is on now, if any. */
  readonly $currentPhase: Computed<AgendaPhase | null>;

  private readonly map: Y.Map<unknown>;
  private readonly agenda: ReturnType<typeof atom<Agenda>>;
  private readonly timer: ReturnType<typeof atom<TimerState>>;
  private readonly privateMode: ReturnType<typeof atom<PrivateModeState>>;
  private readonly follow: ReturnType<typeof atom<FollowState>>;
  private readonly voteSessions: ReturnType<typeof atom<readonly VoteSession[]>>;

  constructor(doc: Y.Doc) {
    this.map = doc.getMap<unknown>(facilitationMapName);
    const state = this.read();
    this.agenda = atom('kohtaamo.facilitation.agenda', state.agenda);
    this.timer = atom('kohtaamo.facilitation.timer', state.timer);
    this.privateMode = atom('kohtaamo.facilitation.privateMode', state.privateMode);
    this.follow = atom('kohtaamo.facilitation.follow', state.follow);
    this.voteSessions = atom('kohtaamo.facilitation.voteSessions', state.voteSessions);
    this.$agenda = this.agenda;
    this.$timer = this.timer;
    this.$privateMode = this.privateMode;
    this.$follow = this.follow;
    this.$voteSessions = this.voteSessions;
    this.$currentPhase = computed('kohtaamo.facilitation.currentPhase', () => {
      const agenda = this.agenda.get();
      return agenda.phases.find((phase) => phase.id === agenda.currentPhaseId) ?? null;
    });
    this.map.observe(this.onChange);
  }

  /** Everything at once, as shared's `readFacilitationState` reads it. */
  snapshot(): StoredFacilitationState {
    return {
      agenda: this.agenda.get(),
      timer: this.timer.get(),
      privateMode: this.privateMode.get(),
      follow: this.follow.get(),
      voteSessions: this.voteSessions.get(),
    };
  }

  /**
   * The `facilitation` map's entries as they are now, for exports: shared's
   * extraction reads them exactly as the server's export route does.
   */
  entries(): [string, unknown][] {
    return [...this.map.entries()];
  }

  /** Stops observing the document. */
  dispose(): void {
    this.map.unobserve(this.onChange);
  }

  private read(): StoredFacilitationState {
    return readFacilitationState(this.map.entries());
  }

  private readonly onChange = (event: Y.YMapEvent<unknown>) => {
    const state = this.read();
    const changed = event.keysChanged;
    if (changed.has(facilitationKeys.agenda)) this.agenda.set(state.agenda);
    if (changed.has(facilitationKeys.timer)) this.timer.set(state.timer);
    if (changed.has(facilitationKeys.privateMode)) this.privateMode.set(state.privateMode);
    if (changed.has(facilitationKeys.follow)) this.follow.set(state.follow);
    if ([...changed].some((key) => key.startsWith(voteSessionKeyPrefix))) {
      this.voteSessions.set(state.voteSessions);
    }
  };
}

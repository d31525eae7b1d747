import type { KeyValueStorage } from '../app/browserStorage';

/** Where the per-person mute of the timer's end sound is kept. */
export const timerSoundStorageKey = 'kohtaamo.timerSound';

/** Whether this person has muted the end sound. */
export function readTimerSoundMuted(storage: KeyValueStorage): boolean {
  try {
    return storage.getItem(timerSoundStorageKey) === 'off';
  } catch {
    return false;
  }
}

/** Remembers the mute on this device; a storage that refuses only loses the memory. */
export function writeTimerSoundMuted(storage: KeyValueStorage, muted: boolean): void {
  try {
    if (muted) storage.setItem(timerSoundStorageKey, 'off');
    else storage.removeItem(timerSoundStorageKey);
  } catch {
    // The choice still holds for this visit.
  }
}

type AudioContextConstructor = new () => AudioContext;

/** Where the player listens for the first gesture (the page's window). */
export type GestureTarget = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/**
 * Plays the timer's end sound: three short rising tones made with the Web
 * Audio API (no file, no network), about a second in all and not loud.
 * Browsers (iOS Safari above all) only let a page start audio after a
 * gesture, and the end comes with none, so {@link arm} opens the audio
 * context on the person's first tap or key press and the end sound reuses
 * it. Where there is no Web Audio, or the browser still refuses, it stays
 * silent and never throws: the visual signal still shows.
 */
export class TimerEndSound {
  private context: AudioContext | null = null;
  private disarm: (() => void) | null = null;

  constructor(
    private readonly AudioContextImpl:
      | AudioContextConstructor
      | undefined = globalThis.AudioContext,
  ) {}

  /** Opens the audio context on the first pointer or key gesture on `target`. */
  arm(target: GestureTarget): void {
    if (this.disarm || !this.AudioContextImpl) return;
    const unlock = () => {
      this.disarm?.();
      this.disarm = null;
      void this.audioContext()
        ?.resume()
        .catch(() => {});
    };
    target.addEventListener('pointerdown', unlock, true);
    target.addEventListener('keydown', unlock, true);
    this.disarm = () => {
      target.removeEventListener('pointerdown', unlock, true);
      target.removeEventListener('keydown', unlock, true);
    };
  }

  play(): void {
    try {
      const context = this.audioContext();
      if (!context) return;
      void context.resume().catch(() => {});
      const start = context.currentTime + 0.05;
      [660, 880, 1046].forEach((frequency, index) => {
        const at = start + index * 0.28;
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.setValueAtTime(frequency, at);
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.24);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(at);
        oscillator.stop(at + 0.25);
      });
    } catch {
      // No sound: the visual signal still shows.
    }
  }

  /** Stops listening for gestures and closes the audio context. */
  dispose(): void {
    this.disarm?.();
    this.disarm = null;
    void this.context?.close().catch(() => {});
    this.context = null;
  }

  private audioContext(): AudioContext | null {
    if (!this.context && this.AudioContextImpl) {
      try {
        this.context = new this.AudioContextImpl();
      } catch {
        return null;
      }
    }
    return this.context;
  }
}

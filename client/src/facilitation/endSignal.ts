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

/**
 * Plays the end sound: three short rising tones, made with the Web Audio
 * API (no file, no network), about a second in all and not loud. Does
 * nothing where there is no Web Audio, and never throws: a browser that
 * has not had a user gesture yet may refuse to play.
 */
export function playTimerEndSound(
  AudioContextImpl: AudioContextConstructor | undefined = globalThis.AudioContext,
): void {
  if (!AudioContextImpl) return;
  try {
    const context = new AudioContextImpl();
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
    setTimeout(() => void context.close().catch(() => {}), 1_500);
  } catch {
    // No sound: the visual signal still shows.
  }
}

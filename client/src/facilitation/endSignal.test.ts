import { describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../app/browserStorage';
import {
  readTimerSoundMuted,
  TimerEndSound,
  timerSoundStorageKey,
  writeTimerSoundMuted,
} from './endSignal';

/** Enough of an AudioContext to count the tones scheduled. */
class FakeAudioContext {
  static instances: FakeAudioContext[] = [];
  readonly currentTime = 0;
  readonly destination = {};
  oscillators = 0;
  resumed = 0;
  constructor() {
    FakeAudioContext.instances.push(this);
  }
  resume() {
    this.resumed++;
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
  createOscillator() {
    this.oscillators++;
    const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} };
    return { type: '', frequency: param, connect: (node: unknown) => node, start() {}, stop() {} };
  }
  createGain() {
    const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} };
    return { gain: param, connect: (node: unknown) => node };
  }
}

describe('timer end sound', () => {
  it('remembers the mute per device, and a broken storage only forgets it', () => {
    const storage = createMemoryStorage();
    expect(readTimerSoundMuted(storage)).toBe(false);
    writeTimerSoundMuted(storage, true);
    expect(storage.getItem(timerSoundStorageKey)).toBe('off');
    expect(readTimerSoundMuted(storage)).toBe(true);
    writeTimerSoundMuted(storage, false);
    expect(readTimerSoundMuted(storage)).toBe(false);
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    };
    expect(readTimerSoundMuted(broken)).toBe(false);
    expect(() => writeTimerSoundMuted(broken, true)).not.toThrow();
  });

  it('opens audio on the first gesture and plays three tones on it', () => {
    FakeAudioContext.instances = [];
    const sound = new TimerEndSound(FakeAudioContext as unknown as new () => AudioContext);
    const target = new EventTarget() as unknown as Window;
    sound.arm(target);
    expect(FakeAudioContext.instances).toHaveLength(0);
    target.dispatchEvent(new Event('pointerdown'));
    target.dispatchEvent(new Event('keydown'));
    expect(FakeAudioContext.instances).toHaveLength(1);
    sound.play();
    expect(FakeAudioContext.instances).toHaveLength(1);
    expect(FakeAudioContext.instances[0]?.oscillators).toBe(3);
    sound.dispose();
  });

  it('stays silent without Web Audio', () => {
    const sound = new TimerEndSound(undefined);
    expect(() => sound.play()).not.toThrow();
    const failing = vi.fn(() => {
      throw new Error('not allowed');
    });
    expect(() =>
      new TimerEndSound(failing as unknown as new () => AudioContext).play(),
    ).not.toThrow();
  });
});

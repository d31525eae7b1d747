/**
 * jsdom lacks a few browser APIs that tldraw and y-indexeddb touch. Canvas
 * tests import this file first (instead of a `setupFiles` entry, so other
 * client tests stay untouched). Only what our tests need is stubbed.
 */
import 'fake-indexeddb/auto';

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

class FontFaceStub {
  load(): Promise<this> {
    return Promise.resolve(this);
  }
}

const globals = globalThis as Record<string, unknown>;
globals.ResizeObserver ??= ResizeObserverStub;
globals.FontFace ??= FontFaceStub;

if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: {
      add() {},
      delete() {},
      forEach() {},
      [Symbol.iterator]: () => [][Symbol.iterator](),
      ready: Promise.resolve(),
    },
  });
}

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener() {},
      removeEventListener() {},
      addListener() {},
      removeListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

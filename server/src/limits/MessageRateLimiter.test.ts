import { MessageType } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import {
  MessageRateLimiter,
  type MessageRateLimits,
  stateRequestCost,
} from './MessageRateLimiter.js';

const limits: MessageRateLimits = {
  updatesPerSecond: 10,
  updatesBurst: 20,
  awarenessPerSecond: 5,
  awarenessBurst: 8,
  bytesPerSecond: 10_000,
  bytesBurst: 100_000,
};

const update = new Uint8Array([MessageType.sync, 2, 3, 1, 2, 3]);
const step2 = new Uint8Array([MessageType.sync, 1, 1, 0]);
const step1 = new Uint8Array([MessageType.sync, 0, 1, 0]);
const awareness = new Uint8Array([MessageType.awareness, 1, 0]);
const query = new Uint8Array([MessageType.queryAwareness]);

const alone = () => 1;

function admitted(limiter: MessageRateLimiter, frame: Uint8Array, now = 0): number {
  let count = 0;
  while (limiter.admit(frame, now) === undefined) count += 1;
  return count;
}

describe('MessageRateLimiter', () => {
  it('lets a burst of updates and sync step 2 through, then names the updates budget', () => {
    const limiter = new MessageRateLimiter(limits, 0, alone);
    for (let index = 0; index < 10; index++) expect(limiter.admit(step2, 0)).toBeUndefined();
    for (let index = 0; index < 10; index++) expect(limiter.admit(update, 0)).toBeUndefined();
    expect(limiter.admit(update, 0)).toBe('updates');
  });

  it('charges a control request like an update, so the clock sync at connect stays cheap', () => {
    // Regression: control frames were charged as state requests (10 each), so a client's five
    // clock samples at connect used up a burst of 20 and closed the socket with 4429.
    const control = new Uint8Array([MessageType.control, 2, 0x7b, 0x7d]);
    expect(admitted(new MessageRateLimiter(limits, 0, alone), control)).toBe(20);
  });

  it('keeps awareness and document budgets apart', () => {
    const limiter = new MessageRateLimiter(limits, 0, alone);
    expect(admitted(limiter, awareness)).toBe(8);
    expect(limiter.admit(awareness, 0)).toBe('awareness');
    expect(limiter.admit(update, 0)).toBeUndefined();
  });

  it('charges state requests (sync step 1, awareness query) as several document messages', () => {
    const limiter = new MessageRateLimiter({ ...limits, updatesBurst: 30 }, 0, alone);
    expect(admitted(limiter, step1)).toBe(Math.floor(30 / stateRequestCost));
    expect(limiter.admit(query, 0)).toBe('updates');
    const fresh = new MessageRateLimiter({ ...limits, updatesBurst: 30 }, 0, alone);
    expect(admitted(fresh, query)).toBe(Math.floor(30 / stateRequestCost));
  });

  it('charges an awareness frame its share of the room, so echoes of a full room stay affordable', () => {
    let roomSize = 4;
    const limiter = new MessageRateLimiter(limits, 0, () => roomSize);
    expect(admitted(limiter, awareness)).toBe(8 * 4);
    roomSize = 1;
    const lone = new MessageRateLimiter(limits, 0, () => roomSize);
    expect(admitted(lone, awareness)).toBe(8);
  });

  it('charges awareness bytes by the same share', () => {
    let roomSize = 3;
    const limiter = new MessageRateLimiter(
      { ...limits, awarenessBurst: 1000, bytesBurst: 9 },
      0,
      () => roomSize,
    );
    expect(admitted(limiter, awareness)).toBe(9);
    roomSize = 1;
    expect(limiter.admit(awareness, 0)).toBe('bytes');
  });

  it('lets a connection echo every presence it was sent, however many (the reconnecting-presence bug)', () => {
    // Two in the room, so each echo costs half a frame; a churning peer brings new presences faster.
    const limiter = new MessageRateLimiter(limits, 0, () => 2);
    for (let index = 0; index < 500; index++) {
      limiter.echoed(awareness.byteLength, 0);
      expect(limiter.admit(awareness, 0)).toBeUndefined();
    }
    // Without what it was sent, the same echoes run out after the burst (8 frames at half a frame each).
    const unsent = new MessageRateLimiter(limits, 0, () => 2);
    expect(admitted(unsent, awareness)).toBe(16);
  });

  it('gives back no more than the burst, so being sent presence cannot be saved up for a flood', () => {
    const limiter = new MessageRateLimiter(limits, 0, alone);
    for (let index = 0; index < 1000; index++) limiter.echoed(awareness.byteLength, 0);
    expect(admitted(limiter, awareness)).toBe(8);
  });

  it('charges frames it cannot classify like state requests', () => {
    const limiter = new MessageRateLimiter(limits, 0, alone);
    expect(admitted(limiter, new Uint8Array([0x80, 0x00, 0x02]))).toBe(2);
    expect(limiter.admit(new Uint8Array([]), 0)).toBe('updates');
  });

  it('refills from the clock it is given', () => {
    const limiter = new MessageRateLimiter(limits, 1000, alone);
    admitted(limiter, update, 1000);
    expect(limiter.admit(update, 1099)).toBe('updates');
    expect(limiter.admit(update, 1100)).toBeUndefined();
  });

  it('counts bytes across every kind of message', () => {
    const limiter = new MessageRateLimiter({ ...limits, bytesBurst: 10 }, 0, alone);
    expect(limiter.admit(update, 0)).toBeUndefined();
    expect(limiter.admit(step2, 0)).toBeUndefined();
    expect(limiter.admit(awareness, 0)).toBe('bytes');
    expect(limiter.admit(awareness, 500)).toBeUndefined();
  });

  it('admits one frame larger than the byte burst on a full bucket', () => {
    const limiter = new MessageRateLimiter({ ...limits, bytesBurst: 4 }, 0, alone);
    expect(limiter.admit(update, 0)).toBeUndefined();
    expect(limiter.admit(update, 0)).toBe('bytes');
  });
});

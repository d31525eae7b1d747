import { describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '../persistence/MemoryDocumentStore.js';
import { ManualTimers } from '../testing/ManualTimers.js';
import { createScriptedStore } from '../testing/scriptedStore.js';
import { createTestLogger } from '../testing/testLogger.js';
import { BallotBox, ballotDocumentId } from './BallotBox.js';

const roomId = 'workshop';

function box(store: MemoryDocumentStore): BallotBox {
  return new BallotBox({
    roomId,
    store,
    logger: createTestLogger(),
    timers: new ManualTimers(),
  });
}

/** Everything storage holds for the ballots, as text to search. */
async function storedText(store: MemoryDocumentStore): Promise<string> {
  const stored = await store.load(ballotDocumentId(roomId));
  return stored.updates.map((update) => Buffer.from(update).toString('latin1')).join('\n');
}

describe('BallotBox', () => {
  it('keeps ballots across a reload until their session is erased', async () => {
    const store = new MemoryDocumentStore();
    const first = box(store);
    await first.load();
    await first.put('s1', { voterKey: 'voter-a', group: 'team', votes: ['shape:x'] });
    await first.put('s2', { voterKey: 'voter-b', group: 'customers', votes: ['shape:y'] });
    await first.erase('s1');
    await first.put('s2', { voterKey: 'voter-c', group: 'team', votes: ['shape:z'] });
    first.destroy();

    const second = box(store);
    await second.load();
    expect(second.ballots('s1')).toEqual([]);
    expect(
      second
        .ballots('s2')
        .map((ballot) => ballot.voterKey)
        .sort(),
    ).toEqual(['voter-b', 'voter-c']);
    expect(second.ballot('s2', 'voter-c')?.votes).toEqual(['shape:z']);
    second.destroy();
  });

  it('leaves no trace of an erased session’s voters in storage (regression: a deleted Y.Map key stayed as a tombstone naming the voter)', async () => {
    const store = new MemoryDocumentStore();
    const ballots = box(store);
    await ballots.load();
    await ballots.put('s1', { voterKey: 'voter-secret-1', group: 'team', votes: ['shape:x'] });
    await ballots.put('s1', { voterKey: 'voter-secret-2', group: 'customers', votes: [] });
    await ballots.put('s2', { voterKey: 'voter-kept', group: 'team', votes: ['shape:y'] });
    expect(await storedText(store)).toContain('voter-secret-1');

    await ballots.erase('s1');
    const text = await storedText(store);
    expect(text).not.toContain('voter-secret-1');
    expect(text).not.toContain('voter-secret-2');
    expect(text).toContain('voter-kept');
    expect(ballots.ballot('s2', 'voter-kept')?.votes).toEqual(['shape:y']);
    ballots.destroy();
  });

  it('finishes an erasure cut short before the log was folded, on the next load', async () => {
    const store = createScriptedStore();
    const ballots = new BallotBox({
      roomId,
      store,
      logger: createTestLogger(),
      timers: new ManualTimers(),
    });
    await ballots.load();
    await ballots.put('s1', { voterKey: 'voter-secret-1', group: 'team', votes: ['shape:x'] });
    await ballots.put('s2', { voterKey: 'voter-kept', group: 'team', votes: ['shape:y'] });
    // The erasure is stored, then the server stops before the snapshot that drops it.
    store.failCompact = true;
    await ballots.erase('s1');
    ballots.destroy();
    expect(await storedText(store.inner)).toContain('voter-secret-1');

    store.failCompact = false;
    const reloaded = box(store.inner);
    await reloaded.load();
    expect(await storedText(store.inner)).not.toContain('voter-secret-1');
    expect(reloaded.ballots('s1')).toEqual([]);
    expect(reloaded.ballot('s2', 'voter-kept')?.votes).toEqual(['shape:y']);
    reloaded.destroy();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ControlChannel } from '../ControlChannel';
import { FakeControlProvider } from '../testControlProvider';
import { VoteTracker } from './VoteTracker';

let control: ControlChannel;

afterEach(() => control.dispose());

describe('VoteTracker', () => {
  it('keeps the latest ballot and progress per session, and stops on dispose', () => {
    const provider = new FakeControlProvider();
    control = new ControlChannel(provider);
    const votes = new VoteTracker(control);
    provider.connect();
    provider.deliver({ type: 'ballot', sessionId: 's1', votes: [], remaining: 3 });
    provider.deliver({ type: 'ballot', sessionId: 's1', votes: ['shape:a'], remaining: 2 });
    provider.deliver({ type: 'ballot', sessionId: 's2', votes: [], remaining: 5 });
    provider.deliver({ type: 'voteProgress', sessionId: 's1', voters: 4, finished: 1 });
    expect(votes.$ballots.get().get('s1')).toEqual({ votes: ['shape:a'], remaining: 2 });
    expect(votes.$ballots.get().get('s2')).toEqual({ votes: [], remaining: 5 });
    expect(votes.$progress.get().get('s1')).toEqual({ voters: 4, finished: 1 });
    votes.dispose();
    provider.deliver({ type: 'ballot', sessionId: 's1', votes: [], remaining: 3 });
    expect(votes.$ballots.get().get('s1')?.remaining).toBe(2);
  });
});

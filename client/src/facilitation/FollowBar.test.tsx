import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FollowBar } from './FollowBar';

afterEach(cleanup);

describe('FollowBar', () => {
  it('says whom the view follows and stops following on click', () => {
    const onStop = vi.fn();
    render(
      <FollowBar
        locale="fi"
        following={{ name: 'Fanni' }}
        leader={null}
        onStop={onStop}
        onFollow={() => {}}
      />,
    );
    expect(screen.getByTestId('follow-bar').textContent).toContain('Seuraat: Fanni');
    fireEvent.click(screen.getByRole('button', { name: 'Lopeta seuraaminen' }));
    expect(onStop).toHaveBeenCalledOnce();
  });

  it('offers to follow the leader again after this person stepped out', () => {
    const onFollow = vi.fn();
    render(
      <FollowBar
        locale="en"
        following={null}
        leader={{ name: 'Fanni' }}
        onStop={() => {}}
        onFollow={onFollow}
      />,
    );
    expect(screen.getByText('Fanni is leading the view')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Follow' }));
    expect(onFollow).toHaveBeenCalledOnce();
  });

  it('shows nothing when nobody is followed or leading', () => {
    render(
      <FollowBar
        locale="en"
        following={null}
        leader={null}
        onStop={() => {}}
        onFollow={() => {}}
      />,
    );
    expect(screen.queryByTestId('follow-bar')).toBeNull();
  });
});

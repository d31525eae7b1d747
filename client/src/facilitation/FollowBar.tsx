import type { FollowState } from '@kohtaamo/shared';
import type { JSX } from 'react';
import { type Editor, type Signal, type TLUserId, useValue } from 'tldraw';
import type { Locale } from '../i18n/messages';
import { translator } from './facilitationText';

/** Props of {@link FollowBar}. */
export interface FollowBarProps {
  readonly locale: Locale;
  /** Whom this person's view follows now (tldraw's follow, however it started). */
  readonly following: { readonly name: string } | null;
  /** The facilitator leading everyone's view, when this person is not following them. */
  readonly leader: { readonly name: string } | null;
  onStop(): void;
  onFollow(): void;
}

/**
 * "Following Fanni — Stop following" while the view follows someone, or
 * "Fanni is leading the view — Follow" after this person stepped out of
 * the facilitator's follow (moving the view ends tldraw's follow).
 */
export function FollowBar(props: FollowBarProps): JSX.Element | null {
  const t = translator(props.locale);
  if (props.following) {
    return (
      <div className="kohtaamo-follow-bar" role="status" data-testid="follow-bar">
        <span>{t('facil.follow.following', { name: props.following.name })}</span>
        <button type="button" className="kohtaamo-facil-button" onClick={props.onStop}>
          {t('facil.follow.stop')}
        </button>
      </div>
    );
  }
  if (props.leader) {
    return (
      <div className="kohtaamo-follow-bar is-idle" role="status" data-testid="follow-bar">
        <span>{t('facil.follow.leading', { name: props.leader.name })}</span>
        <button type="button" className="kohtaamo-facil-button" onClick={props.onFollow}>
          {t('facil.follow.join')}
        </button>
      </div>
    );
  }
  return null;
}

/** {@link FollowBar} on a live editor and the document's follow state. */
export function EditorFollowBar(props: {
  readonly editor: Editor;
  readonly $follow: Signal<FollowState>;
  readonly locale: Locale;
}): JSX.Element | null {
  const { editor, $follow, locale } = props;
  const fallbackName = translator(locale)('facil.follow.someone');
  const view = useValue('kohtaamo.followBar', () => {
    const nameOf = (userId: string) =>
      editor.getCollaborators().find((presence) => presence.userId === userId)?.userName ||
      fallbackName;
    const followingId = editor.getInstanceState().followingUserId;
    const follow = $follow.get();
    const leaderPresent =
      follow.status === 'on' &&
      follow.userId !== editor.user.getRecordId() &&
      editor.getCollaborators().some((presence) => presence.userId === follow.userId);
    return {
      following: followingId ? { name: nameOf(followingId) } : null,
      leader: leaderPresent ? { name: nameOf(follow.userId), userId: follow.userId } : null,
    };
  }, [editor, $follow, fallbackName]);
  return (
    <FollowBar
      locale={locale}
      following={view.following}
      leader={view.leader}
      onStop={() => editor.stopFollowingUser()}
      onFollow={() => {
        if (view.leader) editor.startFollowingUser(view.leader.userId as TLUserId);
      }}
    />
  );
}

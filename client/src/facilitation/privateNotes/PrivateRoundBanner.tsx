import type { PrivateModeState, RoomRole } from '@kohtaamo/shared';
import { type JSX, useEffect, useRef, useState } from 'react';
import { type Signal, type TLShapeId, useEditor, useValue } from 'tldraw';
import type { Locale } from '../../i18n/messages';
import { useEditorMessages } from '../../shapes/template/useEditorMessages';
import { canFacilitate, useFacilitation } from '../FacilitationContext';
import { translator } from '../facilitationText';

/** Props of {@link PrivateRoundBanner}. */
export interface PrivateRoundBannerProps {
  readonly $privateMode: Signal<PrivateModeState>;
  readonly role: RoomRole | null;
  readonly locale: Locale;
  /** How many of this person's private shapes are on the board now; absent for a viewer. */
  readonly ownCount?: number;
  /** How long the "revealed" notice stays (ms). */
  readonly noticeMs?: number;
}

/** How long the notice after a reveal stays, unless dismissed. */
export const revealedNoticeMs = 10_000;

/**
 * The bar under the session bar while a private round is on, for
 * everyone: that new notes stay with their author until the reveal (and
 * whether it will name them), how many of the person's own are private
 * now; a viewer, who writes nothing, reads that the others are writing.
 * After a reveal seen live, a short notice of how many items it added.
 */
export function PrivateRoundBanner(props: PrivateRoundBannerProps): JSX.Element | null {
  const { $privateMode, role, ownCount } = props;
  const t = translator(props.locale);
  const mode = useValue('kohtaamo.privateRound.banner', () => $privateMode.get(), [$privateMode]);
  const [revealed, setRevealed] = useState<number | null>(null);
  const previous = useRef(mode.status);
  useEffect(() => {
    const was = previous.current;
    previous.current = mode.status;
    if (mode.status === 'on') setRevealed(null);
    else if (was === 'on') setRevealed(mode.history.at(-1)?.count ?? 0);
  }, [mode]);
  const noticeMs = props.noticeMs ?? revealedNoticeMs;
  useEffect(() => {
    if (revealed === null) return;
    const timer = setTimeout(() => setRevealed(null), noticeMs);
    return () => clearTimeout(timer);
  }, [revealed, noticeMs]);

  if (mode.status === 'on') {
    const viewer = role === 'viewer';
    const text = viewer
      ? t('private.banner.viewer')
      : canFacilitate(role)
        ? t('private.banner.facilitator')
        : t('private.banner.writer');
    return (
      <section
        className="kohtaamo-private-banner"
        aria-label={t('private.banner.label')}
        data-testid="private-banner"
        data-state="on"
      >
        <p className="kohtaamo-private-banner-text" aria-live="polite">
          {text}
          {mode.anonymous && !viewer && <> {t('private.banner.anonymous')}</>}
        </p>
        {!viewer && ownCount !== undefined && (
          <span className="kohtaamo-private-count" data-testid="private-own-count">
            {t('private.banner.ownCount', { count: ownCount })}
          </span>
        )}
      </section>
    );
  }
  if (revealed === null) return null;
  return (
    <section
      className="kohtaamo-private-banner"
      aria-label={t('private.banner.label')}
      data-testid="private-revealed"
      data-state="revealed"
      data-count={revealed}
    >
      <p className="kohtaamo-private-banner-text" role="status">
        {revealed === 1 ? t('private.revealedOne') : t('private.revealed', { count: revealed })}
      </p>
      <button type="button" className="kohtaamo-facil-button" onClick={() => setRevealed(null)}>
        {t('private.revealed.close')}
      </button>
    </section>
  );
}

/** {@link PrivateRoundBanner} on the board: the role, language and own count from the editor. */
export function EditorPrivateRoundBanner(): JSX.Element | null {
  const facilitation = useFacilitation();
  const editor = useEditor();
  const { locale } = useEditorMessages();
  const privateIds = facilitation?.privateIds;
  const ownCount = useValue('kohtaamo.privateRound.ownCount', () => {
    if (!privateIds) return undefined;
    let count = 0;
    for (const id of privateIds.get()) {
      if (id.startsWith('shape:') && editor.getShape(id as TLShapeId)) count++;
    }
    return count;
  }, [editor, privateIds]);
  if (!facilitation) return null;
  return (
    <PrivateRoundBanner
      $privateMode={facilitation.state.$privateMode}
      role={facilitation.role}
      locale={locale}
      ownCount={ownCount}
    />
  );
}

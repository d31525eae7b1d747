import type { ControlAction, PrivateModeState } from '@kohtaamo/shared';
import { type JSX, useId, useState } from 'react';
import { type Signal, useValue } from 'tldraw';
import type { Locale } from '../../i18n/messages';
import { translator } from '../facilitationText';

/** Props of {@link PrivateRoundControls}. */
export interface PrivateRoundControlsProps {
  readonly $privateMode: Signal<PrivateModeState>;
  readonly locale: Locale;
  request(action: ControlAction): void;
}

/**
 * The facilitator's "Private writing round" section of the session tools:
 * start a round (choosing whether the reveal names the authors), and while
 * it is on, reveal it. The server keeps the notes apart and does the reveal.
 */
export function PrivateRoundControls(props: PrivateRoundControlsProps): JSX.Element {
  const { $privateMode, request } = props;
  const t = translator(props.locale);
  const mode = useValue('kohtaamo.privateRound.controls', () => $privateMode.get(), [$privateMode]);
  const [anonymous, setAnonymous] = useState(false);
  const headingId = useId();
  return (
    <section
      className="kohtaamo-facil-section"
      aria-labelledby={headingId}
      data-testid="private-round-tools"
      data-state={mode.status}
    >
      <h2 id={headingId} className="kohtaamo-facil-heading">
        {t('private.title')}
      </h2>
      {mode.status === 'on' ? (
        <>
          <p className="kohtaamo-facil-note" data-testid="private-round-status">
            {t('private.status.on', { time: clockTime(mode.startedAt, props.locale) })}{' '}
            {mode.anonymous ? t('private.status.anonymous') : t('private.status.named')}
          </p>
          <div className="kohtaamo-facil-row">
            <button
              type="button"
              className="kohtaamo-facil-button is-primary"
              data-testid="private-reveal"
              onClick={() => request({ type: 'private.reveal' })}
            >
              {t('private.reveal')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="kohtaamo-facil-note">{t('private.intro')}</p>
          <label className="kohtaamo-private-choice">
            <input
              type="checkbox"
              checked={anonymous}
              data-testid="private-anonymous"
              onChange={(event) => setAnonymous(event.target.checked)}
            />
            {t('private.anonymous')}
          </label>
          <div className="kohtaamo-facil-row">
            <button
              type="button"
              className="kohtaamo-facil-button is-primary"
              data-testid="private-start"
              onClick={() => request({ type: 'private.start', anonymous })}
            >
              {t('private.start')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function clockTime(epochMs: number, locale: Locale): string {
  return new Date(epochMs).toLocaleTimeString(locale === 'fi' ? 'fi-FI' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
}

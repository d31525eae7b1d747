import type { Camera, ControlAction, FollowState } from '@kohtaamo/shared';
import type { JSX } from 'react';
import type { Locale } from '../i18n/messages';
import { translator } from './facilitationText';

/** The facilitator's view, as summon requests carry it. */
export interface OwnView {
  readonly userId: string;
  readonly pageId: string;
  readonly camera: Camera;
}

/** Props of {@link SummonControls}. */
export interface SummonControlsProps {
  readonly follow: FollowState;
  readonly locale: Locale;
  /** Reads the facilitator's view at the moment of the click. */
  getView(): OwnView;
  request(action: ControlAction): void;
}

/** "Bring everyone here" once, or "Everyone follow me" until "Stop leading". */
export function SummonControls(props: SummonControlsProps): JSX.Element {
  const { follow, getView, request } = props;
  const t = translator(props.locale);
  const view = () => getView();
  const leading = follow.status === 'on' && follow.userId === getView().userId;
  return (
    <fieldset className="kohtaamo-facil-section">
      <legend>{t('facil.summon.title')}</legend>
      <div className="kohtaamo-facil-row">
        <button
          type="button"
          className="kohtaamo-facil-button"
          onClick={() => request({ type: 'summon.once', ...view() })}
        >
          {t('facil.summon.once')}
        </button>
        {leading ? (
          <button
            type="button"
            className="kohtaamo-facil-button is-primary"
            aria-pressed="true"
            onClick={() => request({ type: 'summon.stop', ...view() })}
          >
            {t('facil.summon.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="kohtaamo-facil-button"
            aria-pressed="false"
            onClick={() => request({ type: 'summon.follow', ...view() })}
          >
            {t('facil.summon.follow')}
          </button>
        )}
      </div>
      {leading && <p className="kohtaamo-facil-note">{t('facil.summon.leading')}</p>}
    </fieldset>
  );
}

import type { ConnectionState } from '../canvas/types';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Link state to the sync server. A status role so screen readers hear
 * "Offline…" without moving focus; the dot's shape differs per state so
 * colour is never the only signal when the text is hidden on small screens.
 */
export function ConnectionBadge(props: { state: ConnectionState }) {
  const { t } = useI18n();
  const text = t(`connection.${props.state}`);
  return (
    <p
      className="connection-badge"
      role="status"
      data-testid="connection-status"
      data-state={props.state}
      title={text}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{text}</span>
    </p>
  );
}

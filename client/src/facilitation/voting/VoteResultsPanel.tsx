import type { VoteSession } from '@kohtaamo/shared';
import { type JSX, useId } from 'react';
import { type TLShapeId, useEditor, useValue } from 'tldraw';
import type { Translate } from '../../i18n/refusalMessage';
import { useEditorMessages } from '../../shapes/template/useEditorMessages';
import { useFacilitation } from '../FacilitationContext';
import { sessionName } from './VotingTools';
import { showVoteItem, voteItemLabel } from './voteItems';

/** Props of {@link VoteResultsPanel}. */
export interface VoteResultsPanelProps {
  onClose(): void;
}

/**
 * Every vote of the board, newest first, each kept apart. A revealed one
 * lists its items by rank with their text and votes in total, from the
 * team (facilitator and participants) and from the customers (guests),
 * how many of each voted and, when named, who voted; an item takes you to
 * it on the board. A running or ended vote shows no numbers at all.
 */
export function VoteResultsPanel(props: VoteResultsPanelProps): JSX.Element | null {
  const facilitation = useFacilitation();
  const { t, locale } = useEditorMessages();
  const headingId = useId();
  const sessions = useValue(
    'kohtaamo.vote.panelSessions',
    () => facilitation?.state.$voteSessions.get() ?? [],
    [facilitation],
  );
  if (!facilitation) return null;
  const newestFirst = [...sessions].reverse();
  return (
    <section
      className="kohtaamo-vote-results"
      aria-labelledby={headingId}
      data-testid="vote-results-panel"
    >
      <div className="kohtaamo-vote-results-head">
        <h2 id={headingId} className="kohtaamo-facil-heading">
          {t('vote.results.title')}
        </h2>
        <button
          type="button"
          className="kohtaamo-facil-button"
          data-testid="vote-results-close"
          onClick={props.onClose}
        >
          {t('vote.results.close')}
        </button>
      </div>
      {newestFirst.length === 0 && <p className="kohtaamo-facil-note">{t('vote.results.empty')}</p>}
      {newestFirst.map((session) => (
        <SessionResults key={session.id} session={session} t={t} locale={locale} />
      ))}
    </section>
  );
}

function SessionResults(props: {
  session: VoteSession;
  t: Translate;
  locale: 'fi' | 'en';
}): JSX.Element {
  const { session, t } = props;
  const editor = useEditor();
  const results = session.status === 'revealed' ? session.results : undefined;
  const named = !session.config.anonymous;
  const labels = useValue(
    'kohtaamo.vote.resultLabels',
    () =>
      new Map(
        (results?.items ?? []).map((item) => [
          item.itemId,
          {
            label: voteItemLabel(editor, item.itemId, t),
            exists: editor.getShape(item.itemId as TLShapeId) !== undefined,
          },
        ]),
      ),
    [editor, results, t],
  );
  return (
    <article
      className="kohtaamo-vote-session"
      data-testid="vote-results-session"
      data-session-id={session.id}
      data-status={session.status}
    >
      <h3 className="kohtaamo-vote-session-title">
        {sessionName(session, t, props.locale)}{' '}
        <span className="kohtaamo-vote-status">{t(`vote.status.${session.status}`)}</span>{' '}
        <span className="kohtaamo-vote-status">
          {session.config.anonymous ? t('vote.results.anonymous') : t('vote.results.named')}
        </span>
      </h3>
      {session.status === 'running' && (
        <p className="kohtaamo-facil-note">{t('vote.results.running')}</p>
      )}
      {session.status === 'ended' && (
        <p className="kohtaamo-facil-note">{t('vote.results.ended')}</p>
      )}
      {results && (
        <>
          <p className="kohtaamo-facil-note" data-testid="vote-voter-counts">
            {t('vote.results.voterCounts', {
              team: results.voterCounts.team,
              customers: results.voterCounts.customers,
            })}
          </p>
          {results.items.length === 0 ? (
            <p className="kohtaamo-facil-note">{t('vote.results.noVotes')}</p>
          ) : (
            <div className="kohtaamo-vote-table-wrap">
              <table className="kohtaamo-vote-table">
                <thead>
                  <tr>
                    <th scope="col">{t('vote.results.rank')}</th>
                    <th scope="col">{t('vote.results.item')}</th>
                    <th scope="col">{t('vote.results.total')}</th>
                    <th scope="col">{t('vote.results.team')}</th>
                    <th scope="col">{t('vote.results.customers')}</th>
                    {named && <th scope="col">{t('vote.results.voters')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {results.items.map((item) => {
                    const entry = labels.get(item.itemId);
                    const label = entry?.label ?? t('vote.item.deleted');
                    return (
                      <tr
                        key={item.itemId}
                        data-testid="vote-result-row"
                        data-shape-id={item.itemId}
                      >
                        <td>#{item.rank}</td>
                        <td>
                          {entry?.exists ? (
                            <button
                              type="button"
                              className="kohtaamo-vote-item-link"
                              aria-label={t('vote.results.showItem', { item: label })}
                              onClick={() => showVoteItem(editor, item.itemId as TLShapeId)}
                            >
                              {label}
                            </button>
                          ) : (
                            label
                          )}
                        </td>
                        <td data-column="total">{item.total}</td>
                        <td data-column="team">{item.team}</td>
                        <td data-column="customers">{item.customers}</td>
                        {named && <td data-column="voters">{item.voters?.join(', ')}</td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </article>
  );
}

import { findTemplateDefinition, type RefusalData } from '@kohtaamo/shared';
import { type JSX, useCallback, useEffect, useState } from 'react';
import { useEditor, useReadonly } from 'tldraw';
import { RefusalToasts } from '../canvas/RefusalToasts';
import { insertTemplate } from '../shapes/template/insertTemplate';
import { useEditorMessages } from '../shapes/template/useEditorMessages';
import { useFacilitation } from './FacilitationContext';
import { EditorFollowBar } from './FollowBar';
import { FollowController, ownView } from './FollowController';
import { EditorPrivateRoundBanner } from './privateNotes/PrivateRoundBanner';
import { SessionBar } from './SessionBar';
import { EditorVotingTools, VotingTopArea } from './voting/VotingUi';
import './facilitation.css';
import './privateNotes/privateNotes.css';

/**
 * The facilitation bars for tldraw's top panel: the session bar (phase,
 * timer, tools), the private round's banner, the vote banner and results,
 * and the follow bar. Nothing outside a board session.
 */
export function FacilitationTopPanel(): JSX.Element | null {
  const facilitation = useFacilitation();
  const editor = useEditor();
  const readonly = useReadonly();
  const { locale } = useEditorMessages();
  const [resultsOpen, setResultsOpen] = useState(false);
  const getView = useCallback(() => ownView(editor), [editor]);
  const onInsertTemplate = useCallback(
    (templateId: string) => {
      const definition = findTemplateDefinition(templateId);
      if (definition) insertTemplate(editor, definition);
    },
    [editor],
  );
  if (!facilitation) return null;
  return (
    <div className="kohtaamo-facilitation-top">
      <SessionBar
        control={facilitation.control}
        state={facilitation.state}
        role={facilitation.role}
        storage={facilitation.storage}
        locale={locale}
        playEndSound={facilitation.playEndSound}
        getView={getView}
        onInsertTemplate={readonly ? undefined : onInsertTemplate}
        votingTools={
          <EditorVotingTools locale={locale} onShowResults={() => setResultsOpen(true)} />
        }
      />
      <EditorPrivateRoundBanner />
      <VotingTopArea resultsOpen={resultsOpen} setResultsOpen={setResultsOpen} />
      <EditorFollowBar editor={editor} $follow={facilitation.state.$follow} locale={locale} />
    </div>
  );
}

/**
 * What facilitation does on the canvas without drawing there: moving the
 * view on summons and follow, and refusal toasts. A child of `<Tldraw>`.
 */
export function FacilitationEffects(): JSX.Element | null {
  const facilitation = useFacilitation();
  const editor = useEditor();
  const { locale } = useEditorMessages();
  useEffect(() => {
    if (!facilitation) return;
    const controller = new FollowController(
      editor,
      facilitation.control,
      facilitation.state.$follow,
    );
    return () => controller.dispose();
  }, [editor, facilitation]);
  const subscribe = useCallback(
    (listener: (refusal: RefusalData) => void) =>
      facilitation ? facilitation.control.onRefused(listener) : () => {},
    [facilitation],
  );
  if (!facilitation) return null;
  return (
    <RefusalToasts
      locale={locale}
      subscribe={subscribe}
      idPrefix="kohtaamo-control-refused"
      severity="warning"
    />
  );
}

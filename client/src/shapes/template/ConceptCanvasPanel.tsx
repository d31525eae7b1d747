import { findTemplateDefinition } from '@kohtaamo/shared';
import { type JSX, useId, useState } from 'react';
import { ConceptCostsEditor } from './ConceptCostsEditor';
import { ConceptFitEditor } from './ConceptFitEditor';
import { ConceptMediaEditor } from './ConceptMediaEditor';
import type { TLTemplateShape } from './templateShapeProps';
import { useEditorMessages } from './useEditorMessages';
import './conceptCanvas.css';

/** Props of {@link ConceptCanvasPanel}. */
export interface ConceptCanvasPanelProps {
  readonly shape: TLTemplateShape;
  /**
   * Whether the editors are shown. The caller may keep this, so the choice
   * survives selecting another canvas; without it the panel keeps its own.
   */
  readonly open?: boolean;
  onOpenChange?(open: boolean): void;
}

/**
 * The panel of the one selected concept canvas (shown by
 * `TemplateStructurePanel`): the Costs and Fit editors for the fields the
 * canvas has, and the insight and visuals media editor. It starts collapsed
 * to a title and a labelled toggle, so selecting a canvas does not hide the
 * board; opened, it scrolls within a bounded height.
 */
export function ConceptCanvasPanel({
  shape,
  open: controlledOpen,
  onOpenChange,
}: ConceptCanvasPanelProps): JSX.Element | null {
  const { t } = useEditorMessages();
  const ids = useId();
  const [ownOpen, setOwnOpen] = useState(false);
  const open = controlledOpen ?? ownOpen;
  const setOpen = (next: boolean) => {
    setOwnOpen(next);
    onOpenChange?.(next);
  };
  const definition = findTemplateDefinition(shape.props.templateId);
  if (definition?.kind !== 'canvas') return null;
  const kinds = new Set(definition.fields.map((field) => field.kind));
  return (
    <section
      className="kohtaamo-template-panel kohtaamo-concept-panel"
      aria-labelledby={`${ids}-title`}
      data-testid="kohtaamo-concept-panel"
      data-open={open}
    >
      <div className="kohtaamo-concept-panel__bar">
        <h2 id={`${ids}-title`} className="kohtaamo-concept-panel__title">
          {t('canvas.panel.label')}
        </h2>
        <button
          type="button"
          className="kohtaamo-concept-panel__toggle"
          aria-expanded={open}
          aria-controls={`${ids}-body`}
          onClick={() => setOpen(!open)}
        >
          {open ? t('canvas.panel.hide') : t('canvas.panel.show')}
        </button>
      </div>
      <div id={`${ids}-body`} className="kohtaamo-concept-panel__body" hidden={!open}>
        {kinds.has('costs') && <ConceptCostsEditor key={`costs:${shape.id}`} shape={shape} />}
        {kinds.has('fit') && <ConceptFitEditor key={`fit:${shape.id}`} shape={shape} />}
        <ConceptMediaEditor key={`media:${shape.id}`} shape={shape} />
      </div>
    </section>
  );
}

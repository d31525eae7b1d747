import {
  findTemplateDefinition,
  type Locale,
  resolveLabel,
  type TemplateCell,
  type TemplateDefinition,
  templateCellKey,
} from '@kohtaamo/shared';
import { type JSX, useId, useState } from 'react';
import { type Editor, type TLShapeId, useEditor, useValue } from 'tldraw';
import { cellOfShape } from './cellOfShape';
import { isTemplateShape, type TLTemplateShape } from './templateShapeProps';
import { occupiedCellKeys, type TidyResult, tidyCells } from './tidyCells';
import { useEditorMessages } from './useEditorMessages';

/** The cells the selection lies in, when everything selected is inside one template. */
interface SelectedCells {
  readonly template: TLTemplateShape;
  readonly cells: readonly TemplateCell[];
}

function selectedCells(editor: Editor): SelectedCells | null {
  const selected = editor.getSelectedShapes();
  const [first] = selected;
  const template = first && editor.getShape(first.parentId as TLShapeId);
  if (!isTemplateShape(template) || selected.some((shape) => shape.parentId !== template.id)) {
    return null;
  }
  const cells = new Map<string, TemplateCell>();
  for (const shape of selected) {
    const cell = cellOfShape(editor, shape.id);
    if (cell) cells.set(templateCellKey(cell), cell);
  }
  return cells.size > 0 ? { template, cells: [...cells.values()] } : null;
}

/** A cell's name as the template shows it: stage × lane, the lane, or the field. */
function cellName(
  cell: TemplateCell,
  template: TLTemplateShape,
  definition: TemplateDefinition,
  locale: Locale,
  join: (stage: string, lane: string) => string,
): string {
  if (cell.kind === 'field') {
    return resolveLabel({ label: { kind: 'default', key: cell.fieldId } }, definition, locale);
  }
  const lane = template.props.lanes.find((item) => item.id === cell.laneId);
  const laneName = lane ? resolveLabel(lane, definition, locale) : cell.laneId;
  if (cell.kind === 'lane') return laneName;
  const stage = template.props.stages.find((item) => item.id === cell.stageId);
  return join(stage ? resolveLabel(stage, definition, locale) : cell.stageId, laneName);
}

/** The message telling what a tidy-up did. */
function useTidyStatus() {
  const { t } = useEditorMessages();
  const [status, setStatus] = useState('');
  const report = (result: TidyResult) =>
    setStatus(
      result.kept > 0
        ? t('templates.tidy.kept', { count: result.moved, kept: result.kept })
        : result.moved > 0
          ? t('templates.tidy.done', { count: result.moved })
          : t('templates.tidy.nothing'),
    );
  return { status, report };
}

/**
 * Shown in the template panel's place while notes (or other items) inside
 * one template are selected: "Tidy up" for the cells they are in, which
 * lines up each cell's items in rows (`tidyCells`).
 */
export function CellTidyPanel(): JSX.Element | null {
  const editor = useEditor();
  const { t, locale } = useEditorMessages();
  const ids = useId();
  const selection = useValue('kohtaamo.selectedCells', () => selectedCells(editor), [editor]);
  const { status, report } = useTidyStatus();
  const definition = selection && findTemplateDefinition(selection.template.props.templateId);
  if (!selection || !definition) return null;
  const { template, cells } = selection;
  const names = cells.map((cell) =>
    cellName(cell, template, definition, locale, (stage, lane) =>
      t('templates.tidy.cellName', { stage, lane }),
    ),
  );
  return (
    <section
      className="kohtaamo-template-panel kohtaamo-cell-panel"
      aria-label={t('templates.tidy.region')}
      data-testid="kohtaamo-cell-panel"
    >
      <div className="kohtaamo-template-panel__row">
        <button
          type="button"
          aria-describedby={`${ids}-hint`}
          onClick={() => report(tidyCells(editor, template, cells.map(templateCellKey)))}
        >
          {cells.length === 1
            ? t('templates.tidy.cell')
            : t('templates.tidy.cells', { count: cells.length })}
        </button>
        <p id={`${ids}-hint`} className="kohtaamo-template-panel__hint">
          {t('templates.tidy.cellHint', { cell: names.join(', ') })}
        </p>
      </div>
      <p className="kohtaamo-template-panel__error" role="status">
        {status}
      </p>
    </section>
  );
}

/** "Tidy up all cells" of a selected template, for its panel. */
export function TidyAllCellsButton({ shape }: { readonly shape: TLTemplateShape }): JSX.Element {
  const editor = useEditor();
  const { t } = useEditorMessages();
  const ids = useId();
  const { status, report } = useTidyStatus();
  return (
    <div className="kohtaamo-template-panel__axis">
      <div className="kohtaamo-template-panel__row">
        <button
          type="button"
          aria-describedby={`${ids}-hint`}
          onClick={() => report(tidyCells(editor, shape, occupiedCellKeys(editor, shape)))}
        >
          {t('templates.tidy.all')}
        </button>
      </div>
      <p id={`${ids}-hint`} className="kohtaamo-template-panel__hint">
        {t('templates.tidy.allHint')}
      </p>
      <p className="kohtaamo-template-panel__hint" role="status">
        {status}
      </p>
    </div>
  );
}

import {
  addLane,
  addStage,
  createTemplateItemId,
  type FeelingScore,
  feelingScoreSchema,
  findTemplateDefinition,
  type GridTemplateDefinition,
  maxCustomLabelLength,
  moveLane,
  moveStage,
  removeLane,
  removeStage,
  renameLane,
  renameStage,
  resolveLabel,
  TemplateEditError,
  type TemplateLane,
  type TemplateStage,
} from '@kohtaamo/shared';
import { type FormEvent, type JSX, useEffect, useId, useState } from 'react';
import { useEditor, useReadonly, useValue } from 'tldraw';
import type { MessageKey } from '../../i18n/messages';
import { CellTidyPanel, TidyAllCellsButton } from './CellTidyPanel';
import { ConceptCanvasPanel } from './ConceptCanvasPanel';
import { applyGridTemplateEdit, type GridTemplateEdit } from './templateEdits';
import { participantFeelingsOfShape, setOwnFeeling } from './templateFeelings';
import { isTemplateShape, type TLTemplateShape } from './templateShapeProps';
import { useEditorMessages } from './useEditorMessages';

/**
 * The panel of the one selected template, shown in tldraw's top panel on a
 * board the user can edit. For a grid template it edits the stages and
 * lanes: pick an item, rename it (empty restores the default), add one after
 * it, move it or remove it. For a canvas it is the concept canvas panel
 * (costs, fit, media). Every change is one undo step. While items inside a
 * template are selected instead, it is the cell panel ("Tidy up").
 */
export function TemplateStructurePanel(): JSX.Element | null {
  const editor = useEditor();
  const readonly = useReadonly();
  // Kept here, where it outlives the selection: once opened, the concept panel stays open.
  const [conceptPanelOpen, setConceptPanelOpen] = useState(false);
  const shape = useValue('kohtaamo.selectedTemplate', () => {
    const selected = editor.getOnlySelectedShape();
    return isTemplateShape(selected) ? selected : null;
  }, [editor]);
  const definition = shape ? findTemplateDefinition(shape.props.templateId) : undefined;
  if (readonly) return null;
  if (!shape) return <CellTidyPanel />;
  if (!definition || definition.kind !== shape.props.kind) return null;
  if (definition.kind === 'canvas') {
    return (
      <ConceptCanvasPanel
        shape={shape}
        open={conceptPanelOpen}
        onOpenChange={setConceptPanelOpen}
      />
    );
  }
  return <GridStructureEditor key={shape.id} shape={shape} definition={definition} />;
}

type Axis = 'stage' | 'lane';

interface AxisText {
  readonly legend: MessageKey;
  readonly select: MessageKey;
  readonly name: MessageKey;
  readonly add: MessageKey;
  readonly back: MessageKey;
  readonly forward: MessageKey;
  readonly remove: MessageKey;
  readonly newItem: MessageKey;
}

const axisText: Record<Axis, AxisText> = {
  stage: {
    legend: 'templates.stages',
    select: 'templates.stage.select',
    name: 'templates.stage.name',
    add: 'templates.stage.add',
    back: 'templates.stage.moveLeft',
    forward: 'templates.stage.moveRight',
    remove: 'templates.stage.remove',
    newItem: 'templates.stage.new',
  },
  lane: {
    legend: 'templates.lanes',
    select: 'templates.lane.select',
    name: 'templates.lane.name',
    add: 'templates.lane.add',
    back: 'templates.lane.moveUp',
    forward: 'templates.lane.moveDown',
    remove: 'templates.lane.remove',
    newItem: 'templates.lane.new',
  },
};

const axisEdits = {
  stage: { add: addStage, rename: renameStage, move: moveStage, remove: removeStage },
  lane: { add: addLane, rename: renameLane, move: moveLane, remove: removeLane },
} as const;

interface GridStructureEditorProps {
  readonly shape: TLTemplateShape;
  readonly definition: GridTemplateDefinition;
}

function GridStructureEditor({ shape, definition }: GridStructureEditorProps): JSX.Element {
  const editor = useEditor();
  const { t } = useEditorMessages();
  const [error, setError] = useState('');

  const apply = (edit: GridTemplateEdit): boolean => {
    try {
      applyGridTemplateEdit(editor, shape, edit);
      setError('');
      return true;
    } catch (caught) {
      if (!(caught instanceof TemplateEditError)) throw caught;
      setError(
        caught.reason === 'blankLabel'
          ? t('templates.error.blankLabel')
          : caught.reason === 'labelTooLong'
            ? t('templates.error.labelTooLong', { max: maxCustomLabelLength })
            : caught.reason === 'tooManyItems'
              ? t('templates.error.tooManyItems')
              : t('templates.error.other'),
      );
      return false;
    }
  };

  return (
    <section
      className="kohtaamo-template-panel"
      aria-label={t('templates.panel.label')}
      data-testid="kohtaamo-template-panel"
    >
      <AxisEditor axis="stage" items={shape.props.stages} definition={definition} apply={apply} />
      <AxisEditor axis="lane" items={shape.props.lanes} definition={definition} apply={apply} />
      {shape.props.lanes.some((lane) => lane.kind === 'feelings') && (
        <FeelingsEditor shape={shape} definition={definition} />
      )}
      <TidyAllCellsButton shape={shape} />
      <p className="kohtaamo-template-panel__error" role="status">
        {error}
      </p>
    </section>
  );
}

interface AxisEditorProps {
  readonly axis: Axis;
  readonly items: readonly (TemplateStage | TemplateLane)[];
  readonly definition: GridTemplateDefinition;
  apply(edit: GridTemplateEdit): boolean;
}

function AxisEditor({ axis, items, definition, apply }: AxisEditorProps): JSX.Element {
  const { t, locale } = useEditorMessages();
  const text = axisText[axis];
  const edits = axisEdits[axis];
  const ids = useId();
  const [focusedId, setFocusedId] = useState(items[0]?.id ?? '');
  const index = Math.max(
    0,
    items.findIndex((item) => item.id === focusedId),
  );
  const focused = items[index];
  const label = focused ? resolveLabel(focused, definition, locale) : '';
  const [name, setName] = useState(label);
  // A rename by anyone (or a language switch) refreshes the field.
  useEffect(() => setName(label), [label]);

  if (!focused) return <fieldset className="kohtaamo-template-panel__axis" />;

  const rename = (event: FormEvent) => {
    event.preventDefault();
    apply((instance) => edits.rename(instance, focused.id, name));
  };
  const add = () => {
    const id = createTemplateItemId();
    if (apply((instance) => edits.add(instance, t(text.newItem), { at: index + 1, id }))) {
      setFocusedId(id);
    }
  };
  const move = (to: number) => apply((instance) => edits.move(instance, focused.id, to));
  const remove = () => {
    const neighbour = items[index + 1] ?? items[index - 1];
    if (apply((instance) => edits.remove(instance, focused.id)) && neighbour) {
      setFocusedId(neighbour.id);
    }
  };

  return (
    <fieldset className="kohtaamo-template-panel__axis" data-axis={axis}>
      <legend>{t(text.legend)}</legend>
      <form className="kohtaamo-template-panel__row" onSubmit={rename}>
        <label htmlFor={`${ids}-select`}>{t(text.select)}</label>
        <select
          id={`${ids}-select`}
          value={focused.id}
          onChange={(event) => setFocusedId(event.target.value)}
        >
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {resolveLabel(item, definition, locale)}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-name`}>{t(text.name)}</label>
        <input
          id={`${ids}-name`}
          value={name}
          maxLength={maxCustomLabelLength}
          aria-describedby={`${ids}-hint`}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit">{t('templates.rename')}</button>
      </form>
      <p id={`${ids}-hint`} className="kohtaamo-template-panel__hint">
        {t('templates.rename.hint')}
      </p>
      <div className="kohtaamo-template-panel__row">
        <button type="button" onClick={add}>
          {t(text.add)}
        </button>
        <button type="button" onClick={() => move(index - 1)} disabled={index === 0}>
          {t(text.back)}
        </button>
        <button type="button" onClick={() => move(index + 1)} disabled={index === items.length - 1}>
          {t(text.forward)}
        </button>
        <button type="button" onClick={remove} disabled={items.length === 1}>
          {t(text.remove)}
        </button>
      </div>
    </fieldset>
  );
}

const scoreOptions: readonly { score: FeelingScore; label: MessageKey }[] = [
  { score: -2, label: 'templates.feelings.score.-2' },
  { score: -1, label: 'templates.feelings.score.-1' },
  { score: 0, label: 'templates.feelings.score.0' },
  { score: 1, label: 'templates.feelings.score.1' },
  { score: 2, label: 'templates.feelings.score.2' },
];

interface FeelingsEditorProps {
  readonly shape: TLTemplateShape;
  readonly definition: GridTemplateDefinition;
}

/**
 * The local user's own score for every stage of the feelings lane. Choosing
 * writes only this user's meta key; "—" clears the score.
 */
function FeelingsEditor({ shape, definition }: FeelingsEditorProps): JSX.Element {
  const editor = useEditor();
  const { t, locale } = useEditorMessages();
  const ids = useId();
  const userId = useValue('kohtaamo.userId', () => editor.user.getId(), [editor]);
  const own = participantFeelingsOfShape(shape, userId);

  const choose = (stageId: string, value: string) => {
    const parsed = value === '' ? undefined : feelingScoreSchema.safeParse(Number(value));
    if (parsed && !parsed.success) return;
    setOwnFeeling(editor, shape.id, stageId, parsed?.data);
  };

  return (
    <fieldset
      className="kohtaamo-template-panel__axis kohtaamo-template-panel__feelings"
      data-testid="kohtaamo-feelings-editor"
      aria-describedby={`${ids}-hint`}
    >
      <legend>{t('templates.feelings.legend')}</legend>
      <p id={`${ids}-hint`} className="kohtaamo-template-panel__hint">
        {t('templates.feelings.hint')}
      </p>
      <div className="kohtaamo-template-panel__scores">
        {shape.props.stages.map((stage) => {
          const id = `${ids}-${stage.id}`;
          const score = own[stage.id];
          return (
            <div key={stage.id} className="kohtaamo-template-panel__score">
              <label htmlFor={id}>{resolveLabel(stage, definition, locale)}</label>
              <select
                id={id}
                data-stage-id={stage.id}
                value={score === undefined ? '' : String(score)}
                onChange={(event) => choose(stage.id, event.target.value)}
              >
                <option value="">{t('templates.feelings.none')}</option>
                {scoreOptions.map((option) => (
                  <option key={option.score} value={String(option.score)}>
                    {t(option.label)}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

import { type JSX, useCallback, useId, useMemo } from 'react';
import {
  type TLShapeId,
  type TLUiDialogProps,
  type TLUiOverrideHelpers,
  type TLUiOverrides,
  TldrawUiButton,
  TldrawUiButtonLabel,
  TldrawUiDialogBody,
  TldrawUiDialogCloseButton,
  TldrawUiDialogFooter,
  TldrawUiDialogHeader,
  TldrawUiDialogTitle,
  TldrawUiMenuItem,
  useActions,
  useDialogs,
  useEditor,
  useToasts,
  useValue,
} from 'tldraw';
import { matchRoute } from '../../app/routes';
import {
  type CanvasComparison,
  type ComparisonEntry,
  canvasComparisonFromEditor,
  comparisonToCsv,
  comparisonToMarkdown,
  type Translate,
} from './compareCanvases';
import { downloadTextFile, exportFileName } from './templateOutcomeExport';
import { useEditorMessages } from './useEditorMessages';
import './CompareCanvasesDialog.css';

/** The id of the comparison dialog (one at a time) and of its action. */
export const compareCanvasesDialogId = 'kohtaamo-compare-canvases';

/** Props of {@link CanvasComparisonTable}. */
export interface CanvasComparisonTableProps {
  readonly comparison: CanvasComparison;
  readonly t: Translate;
  /** Called with a column's canvas when its header button is chosen. */
  readonly onShowCanvas: (shapeId: string) => void;
}

/**
 * The comparison as a table: canvases as columns, fields as rows. The
 * column headers are buttons that show their canvas on the board. The
 * table scrolls sideways inside a focusable region, so on a phone it can be
 * scrolled with the keyboard too; the row headers stay in view.
 */
export function CanvasComparisonTable(props: CanvasComparisonTableProps): JSX.Element {
  const { comparison, t, onShowCanvas } = props;
  const captionId = useId();
  const hintId = useId();
  return (
    <>
      <p id={hintId} className="kohtaamo-compare__hint">
        {t('compare.hint')}
      </p>
      <section
        className="kohtaamo-compare__scroll"
        aria-labelledby={captionId}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take focus to scroll with the keyboard (WCAG 2.1.1).
        tabIndex={0}
      >
        <table className="kohtaamo-compare__table" data-testid="kohtaamo-compare-table">
          <caption id={captionId}>
            <span className="kohtaamo-compare__caption">{t('compare.caption')}</span>
          </caption>
          <thead>
            <tr>
              <td className="kohtaamo-compare__corner">
                <span className="visually-hidden">{t('compare.corner')}</span>
              </td>
              {comparison.columns.map((column) => (
                <th key={column.shapeId} scope="col" data-shape-id={column.shapeId}>
                  <button
                    type="button"
                    className="kohtaamo-compare__show"
                    aria-describedby={hintId}
                    data-named={column.named}
                    onClick={() => onShowCanvas(column.shapeId)}
                  >
                    {column.title}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row) => (
              <tr key={row.id} data-row-id={row.id}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, index) => (
                  <td key={comparison.columns[index]?.shapeId ?? index}>
                    <CellEntries entries={cell} t={t} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function CellEntries(props: {
  readonly entries: readonly ComparisonEntry[];
  readonly t: Translate;
}): JSX.Element {
  const { entries, t } = props;
  if (entries.length === 0) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('compare.emptyCell')}</span>
      </>
    );
  }
  const rendered = entries.map((entry, index) => (
    // Entries have no ids of their own and are rebuilt whole on every change.
    // biome-ignore lint/suspicious/noArrayIndexKey: see above
    <Entry key={index} entry={entry} />
  ));
  if (rendered.length === 1) return rendered[0] as JSX.Element;
  return (
    <ul className="kohtaamo-compare__entries">
      {rendered.map((element) => (
        <li key={element.key}>{element}</li>
      ))}
    </ul>
  );
}

function Entry(props: { readonly entry: ComparisonEntry }): JSX.Element {
  const { entry } = props;
  if (entry.kind === 'link') {
    return (
      <a href={entry.url} target="_blank" rel="noopener noreferrer">
        {entry.label}
      </a>
    );
  }
  return (
    <span className={entry.kind === 'summary' ? 'kohtaamo-compare__summary' : undefined}>
      {entry.text}
    </span>
  );
}

/** The board's room id, from the page address, for file names. */
function currentRoomId(): string | undefined {
  const route = matchRoute(window.location.pathname);
  return route.page === 'board' ? route.roomId : undefined;
}

/**
 * The comparison of the concept canvases on the current page in a tldraw
 * dialog. It follows the board live: notes written by anyone while it is
 * open show up at once. Choosing a canvas's name selects the canvas, zooms
 * to it and closes the dialog.
 */
export function CompareCanvasesDialog({ onClose }: TLUiDialogProps): JSX.Element {
  const editor = useEditor();
  const { t, locale } = useEditorMessages();
  const { addToast } = useToasts();
  // Compared as text so the table re-renders only when what it shows
  // changes, not at every pointer move on the board.
  const json = useValue(
    'kohtaamo.compareCanvases',
    () => JSON.stringify(canvasComparisonFromEditor(editor, { locale, t })),
    [editor, locale, t],
  );
  const comparison = useMemo(() => JSON.parse(json) as CanvasComparison, [json]);

  const showCanvas = useCallback(
    (shapeId: string) => {
      const id = shapeId as TLShapeId;
      if (!editor.getShape(id)) return;
      editor.select(id);
      editor.zoomToSelection({ animation: { duration: 200 } });
      onClose();
    },
    [editor, onClose],
  );

  const copyMarkdown = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(
        comparisonToMarkdown(comparison, t('compare.caption'), t('compare.corner')),
      );
      addToast({ title: t('compare.copied'), severity: 'success' });
    } catch {
      addToast({ title: t('compare.copyFailed'), severity: 'error' });
    }
  }, [comparison, t, addToast]);

  const downloadCsv = useCallback(() => {
    const name = `${exportFileName(currentRoomId(), new Date())}-${t('compare.fileSuffix')}.csv`;
    downloadTextFile(
      editor.getContainer().ownerDocument,
      name,
      comparisonToCsv(comparison, t('compare.corner')),
      'text/csv;charset=utf-8',
    );
  }, [editor, comparison, t]);

  const empty = comparison.columns.length === 0;
  return (
    <div className="kohtaamo-compare" data-testid="kohtaamo-compare">
      <TldrawUiDialogHeader>
        <TldrawUiDialogTitle>{t('compare.title')}</TldrawUiDialogTitle>
        <TldrawUiDialogCloseButton />
      </TldrawUiDialogHeader>
      <TldrawUiDialogBody className="kohtaamo-compare__body">
        {empty ? (
          <p className="kohtaamo-compare__empty">{t('compare.empty')}</p>
        ) : (
          <>
            <CanvasComparisonTable comparison={comparison} t={t} onShowCanvas={showCanvas} />
            {comparison.columns.length === 1 && (
              <p className="kohtaamo-compare__hint">{t('compare.single')}</p>
            )}
          </>
        )}
      </TldrawUiDialogBody>
      <TldrawUiDialogFooter className="tlui-dialog__footer__actions kohtaamo-compare__footer">
        {!empty && (
          <>
            <TldrawUiButton
              type="normal"
              onClick={() => {
                void copyMarkdown();
              }}
            >
              <TldrawUiButtonLabel>{t('compare.copyMarkdown')}</TldrawUiButtonLabel>
            </TldrawUiButton>
            <TldrawUiButton type="normal" onClick={downloadCsv}>
              <TldrawUiButtonLabel>{t('compare.downloadCsv')}</TldrawUiButtonLabel>
            </TldrawUiButton>
          </>
        )}
        <TldrawUiButton type="normal" onClick={onClose}>
          <TldrawUiButtonLabel>{t('compare.close')}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </TldrawUiDialogFooter>
    </div>
  );
}

/** The keyboard shortcut of the comparison, in tldraw's notation. */
export const compareCanvasesKbd = 'alt+shift+c';

function addCompareDialog(addDialog: TLUiOverrideHelpers['addDialog']): void {
  addDialog({ id: compareCanvasesDialogId, component: CompareCanvasesDialog });
}

/**
 * tldraw UI overrides that register the comparison as an action with the
 * keyboard shortcut {@link compareCanvasesKbd} (tldraw binds shortcuts only
 * for actions). Pass them as `<Tldraw overrides>`; without them the main
 * menu item still works, just without a shortcut.
 */
export const compareCanvasesUiOverrides: TLUiOverrides = {
  actions(_editor, actions, helpers) {
    return {
      ...actions,
      [compareCanvasesDialogId]: {
        id: compareCanvasesDialogId,
        kbd: compareCanvasesKbd,
        readonlyOk: true,
        onSelect() {
          addCompareDialog(helpers.addDialog);
        },
      },
    };
  },
};

/**
 * The main menu item "Compare concepts"; works on read-only boards too. It
 * runs the registered action (and shows its shortcut) when there is one.
 */
export function CompareCanvasesMenuItem(): JSX.Element {
  const { t } = useEditorMessages();
  const { addDialog } = useDialogs();
  const action = useActions()[compareCanvasesDialogId];
  return (
    <TldrawUiMenuItem
      id={compareCanvasesDialogId}
      label={t('compare.menu')}
      kbd={action?.kbd}
      readonlyOk
      onSelect={(source) => {
        if (action) void action.onSelect(source);
        else addCompareDialog(addDialog);
      }}
    />
  );
}

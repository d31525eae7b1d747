import { findTemplateDefinition, localize, sessionSummaryToMarkdown } from '@kohtaamo/shared';
import { type ChangeEvent, type JSX, useCallback, useRef } from 'react';
import {
  type Editor,
  type TLShapeId,
  TldrawUiMenuActionItem,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  TldrawUiMenuSubmenu,
  useEditor,
  useExportAs,
  useReadonly,
  useToasts,
  useValue,
} from 'tldraw';
import { matchRoute } from '../app/routes';
import {
  type FacilitationContextValue,
  useFacilitation,
} from '../facilitation/FacilitationContext';
import { sessionSummaryFromEditor, summaryFileName } from '../facilitation/sessionSummaryExport';
import { sessionSummaryToHtml } from '../facilitation/summaryHtml';
import { importTemplates } from '../shapes/template/importTemplates';
import { buildPrintDocument, printHtml, renderPrintPages } from '../shapes/template/printTemplates';
import {
  boardOutcomesFromEditor,
  downloadTextFile,
  exportFileName,
  type OutcomeFileFormat,
  renderOutcomes,
} from '../shapes/template/templateOutcomeExport';
import { isTemplateShape } from '../shapes/template/templateShapeProps';
import { useEditorMessages } from '../shapes/template/useEditorMessages';
import { useBoardInfo } from './BoardInfoContext';

/** The board's room id, from the page address (the board page is `/b/<roomId>`). */
function currentRoomId(): string | undefined {
  const route = matchRoute(window.location.pathname);
  return route.page === 'board' ? route.roomId : undefined;
}

/** The templates on the current page, in page order. */
function pageTemplateIds(editor: Editor): TLShapeId[] {
  return editor
    .getCurrentPageShapesSorted()
    .filter(isTemplateShape)
    .map((shape) => shape.id);
}

/**
 * When an export is taken: on the server's clock when the board knows it,
 * because the agenda's phase times are server times and the time spent in
 * the current phase runs up to the export.
 */
function exportTime(facilitation: FacilitationContextValue | null, now: Date): Date {
  return facilitation ? new Date(facilitation.control.serverNow()) : now;
}

/** Export actions shared by the whole-board and the selected-templates items. */
function useExports() {
  const editor = useEditor();
  const { t, locale } = useEditorMessages();
  const { addToast } = useToasts();
  const exportImage = useExportAs();
  const facilitation = useFacilitation();

  const fail = useCallback(
    () => addToast({ title: t('export.failed'), severity: 'error' }),
    [addToast, t],
  );

  const downloadData = useCallback(
    (format: OutcomeFileFormat, templateIds?: readonly TLShapeId[]) => {
      try {
        const roomId = currentRoomId();
        const now = new Date();
        const board = boardOutcomesFromEditor(editor, {
          locale,
          roomId,
          templateIds,
          exportedAt: exportTime(facilitation, now),
          facilitation: facilitation?.state.entries(),
        });
        const { text, type } = renderOutcomes(board, format);
        downloadTextFile(
          editor.getContainer().ownerDocument,
          exportFileName(roomId, now, format),
          text,
          type,
        );
      } catch {
        fail();
      }
    },
    [editor, locale, facilitation, fail],
  );

  const downloadImage = useCallback(
    (format: 'png' | 'svg', templateIds: readonly TLShapeId[]) => {
      // tldraw's export adds the extension and includes each template's content.
      exportImage([...templateIds], { format, name: exportFileName(currentRoomId(), new Date()) });
    },
    [exportImage],
  );

  const printTemplates = useCallback(async () => {
    const ids = pageTemplateIds(editor);
    if (ids.length === 0) {
      addToast({ title: t('export.pdf.noTemplates'), severity: 'info' });
      return;
    }
    try {
      const pages = await renderPrintPages(editor, ids, (id) => {
        const shape = editor.getShape(id);
        const definition = isTemplateShape(shape)
          ? findTemplateDefinition(shape.props.templateId)
          : undefined;
        return definition ? localize(definition.title, locale) : '';
      });
      const title = t('export.pdf.documentTitle', { board: currentRoomId() ?? '' });
      printHtml(
        editor.getContainer().ownerDocument,
        buildPrintDocument(pages, { title, lang: locale }),
      );
      addToast({ title: t('export.pdf.hint'), severity: 'info' });
    } catch {
      fail();
    }
  }, [editor, locale, t, addToast, fail]);

  return { downloadData, downloadImage, printTemplates };
}

/** The session summary's two forms: a Markdown file, and a printout to save as PDF. */
function useSummaryExports() {
  const editor = useEditor();
  const { t, locale } = useEditorMessages();
  const { addToast } = useToasts();
  const facilitation = useFacilitation();
  const board = useBoardInfo();

  const buildSummary = useCallback(async () => {
    const roomId = board?.roomId ?? currentRoomId();
    const title = await board?.loadTitle();
    const summary = sessionSummaryFromEditor(editor, {
      locale,
      roomId,
      title,
      exportedAt: exportTime(facilitation, new Date()),
      facilitation: facilitation?.state.entries() ?? [],
    });
    return { roomId, summary };
  }, [editor, locale, facilitation, board]);

  const fail = useCallback(
    () => addToast({ title: t('export.failed'), severity: 'error' }),
    [addToast, t],
  );

  const downloadSummary = useCallback(async () => {
    try {
      const { roomId, summary } = await buildSummary();
      downloadTextFile(
        editor.getContainer().ownerDocument,
        summaryFileName(roomId, 'md'),
        sessionSummaryToMarkdown(summary),
        'text/markdown;charset=utf-8',
      );
    } catch {
      fail();
    }
  }, [editor, buildSummary, fail]);

  const printSummary = useCallback(async () => {
    try {
      const { summary } = await buildSummary();
      printHtml(editor.getContainer().ownerDocument, sessionSummaryToHtml(summary));
      addToast({ title: t('export.pdf.hint'), severity: 'info' });
    } catch {
      fail();
    }
  }, [editor, buildSummary, addToast, t, fail]);

  return { downloadSummary, printSummary };
}

const dataFormats = ['json', 'csv', 'md'] as const;
const imageFormats = ['png', 'svg'] as const;

/**
 * The main menu's "Export" submenu: the board's templates as data (JSON,
 * CSV, Markdown, built in the browser so it works offline), the whole board
 * as an image (tldraw's own export actions), a print-ready PDF with one page
 * per template, the session summary (Markdown, or printed to PDF), and,
 * while templates are selected, the same for just those.
 * It takes the place of tldraw's "Export" submenu.
 */
export function ExportSubmenu(): JSX.Element {
  const editor = useEditor();
  const { t } = useEditorMessages();
  const { downloadData, downloadImage, printTemplates } = useExports();
  const { downloadSummary, printSummary } = useSummaryExports();
  const selected = useValue(
    'kohtaamo.selectedTemplateIds',
    () =>
      editor
        .getSelectedShapes()
        .filter(isTemplateShape)
        .map((shape) => shape.id),
    [editor],
  );

  return (
    <TldrawUiMenuSubmenu id="kohtaamo-export" label={t('export.menu')}>
      <TldrawUiMenuGroup id="kohtaamo-export-board">
        {dataFormats.map((format) => (
          <TldrawUiMenuItem
            key={format}
            id={`kohtaamo-export-${format}`}
            label={t(`export.board.${format}`)}
            readonlyOk
            onSelect={() => downloadData(format)}
          />
        ))}
      </TldrawUiMenuGroup>
      <TldrawUiMenuGroup id="kohtaamo-export-image">
        <TldrawUiMenuActionItem actionId="export-all-as-png" />
        <TldrawUiMenuActionItem actionId="export-all-as-svg" />
        <TldrawUiMenuItem
          id="kohtaamo-export-pdf"
          label={t('export.board.pdf')}
          readonlyOk
          onSelect={() => {
            void printTemplates();
          }}
        />
      </TldrawUiMenuGroup>
      <TldrawUiMenuGroup id="kohtaamo-export-summary">
        <TldrawUiMenuItem
          id="kohtaamo-export-summary-md"
          label={t('summary.menu.markdown')}
          readonlyOk
          onSelect={() => {
            void downloadSummary();
          }}
        />
        <TldrawUiMenuItem
          id="kohtaamo-export-summary-pdf"
          label={t('summary.menu.pdf')}
          readonlyOk
          onSelect={() => {
            void printSummary();
          }}
        />
      </TldrawUiMenuGroup>
      {selected.length > 0 && (
        <TldrawUiMenuGroup id="kohtaamo-export-selected">
          <TldrawUiMenuSubmenu
            id="kohtaamo-export-selected"
            label={
              selected.length === 1
                ? t('export.selected')
                : t('export.selectedMany', { count: selected.length })
            }
          >
            <TldrawUiMenuGroup id="kohtaamo-export-selected-formats">
              {dataFormats.map((format) => (
                <TldrawUiMenuItem
                  key={format}
                  id={`kohtaamo-export-selected-${format}`}
                  label={t(`export.format.${format}`)}
                  readonlyOk
                  onSelect={() => downloadData(format, selected)}
                />
              ))}
              {imageFormats.map((format) => (
                <TldrawUiMenuItem
                  key={format}
                  id={`kohtaamo-export-selected-${format}`}
                  label={t(`export.format.${format}`)}
                  readonlyOk
                  onSelect={() => downloadImage(format, selected)}
                />
              ))}
            </TldrawUiMenuGroup>
          </TldrawUiMenuSubmenu>
        </TldrawUiMenuGroup>
      )}
    </TldrawUiMenuSubmenu>
  );
}

/** The template import's file input and the function that opens its picker. */
export interface TemplateImport {
  /** Opens the file picker (call from a user action, e.g. a menu item). */
  readonly open: () => void;
  /** Render this where it stays mounted: menu content unmounts when the menu closes. */
  readonly input: JSX.Element;
}

/**
 * A labelled, visually hidden `<input type="file">` for Kohtaamo JSON
 * exports; a chosen file is imported with {@link importTemplates}, and a
 * failure is shown as a localized toast.
 */
export function useTemplateImport(): TemplateImport {
  const editor = useEditor();
  const { t } = useEditorMessages();
  const { addToast } = useToasts();
  const ref = useRef<HTMLInputElement>(null);

  const showError = useCallback(
    (description: string) =>
      addToast({
        title: t('import.error.title'),
        description,
        severity: 'error',
        keepOpen: true,
      }),
    [addToast, t],
  );

  const onChange = useCallback(
    async (event: ChangeEvent<HTMLInputElement>) => {
      const input = event.currentTarget;
      const file = input.files?.[0];
      // Cleared so that choosing the same file again still fires a change.
      input.value = '';
      if (!file) return;
      let text: string;
      try {
        text = await file.text();
      } catch {
        showError(t('import.error.read'));
        return;
      }
      const result = importTemplates(editor, text);
      if (!result.ok) {
        if (result.reason === 'invalid') {
          showError(t('import.error.invalid', { detail: result.detail }));
        } else if (result.reason === 'noTemplates') {
          showError(t('import.error.noTemplates'));
        } else {
          showError(t('import.error.readonly'));
        }
        return;
      }
      const description =
        result.skipped > 0 ? t('import.skipped', { count: result.skipped }) : undefined;
      addToast({
        title: t('import.done', { count: result.templateIds.length }),
        description,
        severity: result.skipped > 0 ? 'warning' : 'success',
      });
    },
    [editor, t, addToast, showError],
  );

  const open = useCallback(() => ref.current?.click(), []);
  const input = (
    <input
      ref={ref}
      type="file"
      accept=".json,application/json"
      aria-label={t('import.input')}
      data-testid="kohtaamo-import-template-input"
      className="visually-hidden"
      tabIndex={-1}
      onChange={(event) => {
        void onChange(event);
      }}
    />
  );
  return { open, input };
}

/** The main menu item that opens the template import's file picker; hidden on read-only boards. */
export function ImportTemplateMenuItem(props: {
  readonly onSelect: () => void;
}): JSX.Element | null {
  const { t } = useEditorMessages();
  const readonly = useReadonly();
  if (readonly) return null;
  return (
    <TldrawUiMenuItem
      id="kohtaamo-import-template"
      label={t('import.menu')}
      onSelect={props.onSelect}
    />
  );
}

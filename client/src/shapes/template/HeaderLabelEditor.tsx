import { maxCustomLabelLength, renameLane, renameStage, TemplateEditError } from '@kohtaamo/shared';
import { type JSX, useEffect, useId, useRef, useState } from 'react';
import { type TLShapeId, useEditor } from 'tldraw';
import type { MessageKey } from '../../i18n/messages';
import type { HeaderBox, HeaderRef } from './headerHit';
import { applyGridTemplateEdit } from './templateEdits';
import { isTemplateShape } from './templateShapeProps';
import { useEditorMessages } from './useEditorMessages';

/** Props of {@link HeaderLabelEditor}. */
export interface HeaderLabelEditorProps {
  readonly shapeId: TLShapeId;
  /** The label being renamed and its box in the template's coordinates. */
  readonly header: HeaderBox;
  /** Every label of the template in reading order, for Tab and Shift+Tab. */
  readonly headers: readonly HeaderBox[];
  /** The label's current text. */
  readonly label: string;
  /** Moves the rename to another label of the same template. */
  onNavigate(header: HeaderRef): void;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

const errorKeys: Partial<Record<TemplateEditError['reason'], MessageKey>> = {
  blankLabel: 'templates.error.blankLabel',
  labelTooLong: 'templates.error.labelTooLong',
};

/**
 * A text field over one stage or lane label of a template that tldraw is
 * editing, prefilled and selected. Enter saves through the same edit as the
 * structure panel (empty restores the default name); Tab and Shift+Tab save
 * and move to the next or previous label; Escape cancels. Leaving the field
 * saves too, and so does editing ending any other way (a click elsewhere on
 * the board). A refused name keeps the field open with the reason.
 */
export function HeaderLabelEditor({
  shapeId,
  header,
  headers,
  label,
  onNavigate,
}: HeaderLabelEditorProps): JSX.Element {
  const editor = useEditor();
  const { t } = useEditorMessages();
  const ids = useId();
  const input = useRef<HTMLInputElement>(null);
  const headerKey = `${header.axis}:${header.itemId}`;
  const [draft, setDraft] = useState({ headerKey, text: label, error: '' });
  if (draft.headerKey !== headerKey) setDraft({ headerKey, text: label, error: '' });

  // What the latest handlers act on; native listeners and the unmount cleanup read it.
  // `saved` is the text last saved (or found) for this label, so nothing is saved twice.
  const latest = useRef({ header, text: draft.text, label, saved: label, settled: false });
  if (
    latest.current.header.axis !== header.axis ||
    latest.current.header.itemId !== header.itemId
  ) {
    latest.current = { header, text: label, label, saved: label, settled: false };
  } else {
    latest.current = { ...latest.current, header, text: draft.text, label };
  }

  const save = (): Outcome => {
    const { header: target, text, label: current, saved } = latest.current;
    // Unchanged text keeps a default label following the viewer's language, and a peer's
    // rename made meanwhile is not overwritten with the name this field started from.
    if (text === current || text === saved) return { ok: true };
    const shape = editor.getShape(shapeId);
    if (!isTemplateShape(shape)) return { ok: true };
    const rename = target.axis === 'stage' ? renameStage : renameLane;
    try {
      applyGridTemplateEdit(editor, shape, (instance) => rename(instance, target.itemId, text));
      latest.current.saved = text;
      return { ok: true };
    } catch (caught) {
      if (!(caught instanceof TemplateEditError)) throw caught;
      const key = errorKeys[caught.reason] ?? 'templates.error.other';
      return { ok: false, error: t(key, { max: maxCustomLabelLength }) };
    }
  };

  // Back to the board, where the template stays selected (Enter edits again).
  const stopEditing = () => {
    latest.current.settled = true;
    if (editor.getEditingShapeId() === shapeId) editor.setEditingShape(null);
    editor.getContainer().focus();
  };

  // Handlers live in refs so that the listener added once always calls the current ones.
  const handlers = useRef({ save, stopEditing, onNavigate, headers });
  handlers.current = { save, stopEditing, onNavigate, headers };

  // A native listener on the field itself runs before tldraw's keyboard handling on its
  // container, so Escape is known to be a cancel before tldraw's cancel blurs the field.
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const current = handlers.current;
      if (event.key === 'Escape') {
        event.preventDefault();
        editor.markEventAsHandled(event);
        current.stopEditing();
        return;
      }
      if ((event.key !== 'Enter' && event.key !== 'Tab') || event.isComposing) return;
      event.preventDefault();
      editor.markEventAsHandled(event);
      const outcome = current.save();
      if (!outcome.ok) {
        setDraft((previous) => ({ ...previous, error: outcome.error }));
        return;
      }
      const at = current.headers.findIndex(
        (candidate) =>
          candidate.axis === latest.current.header.axis &&
          candidate.itemId === latest.current.header.itemId,
      );
      const next =
        event.key === 'Tab' ? current.headers[at + (event.shiftKey ? -1 : 1)] : undefined;
      if (next) {
        latest.current.settled = true;
        current.onNavigate(next);
      } else {
        current.stopEditing();
      }
    };
    element.addEventListener('keydown', onKeyDown);
    return () => element.removeEventListener('keydown', onKeyDown);
  }, [editor]);

  // The label changes with Tab; each new one starts selected. The double-click that opened
  // the field ends with the browser focusing the canvas, so focus is taken once more after it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again for each new label
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const focus = () => {
      element.focus();
      element.select();
    };
    focus();
    const frame = editor.timers.requestAnimationFrame(() => {
      if (element.ownerDocument.activeElement !== element) focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, headerKey]);

  // However editing ends (a click elsewhere, a tool change), an unsaved name is saved.
  useEffect(
    () => () => {
      if (!latest.current.settled) handlers.current.save();
    },
    [],
  );

  // Leaving the field saves, like a frame's name; the field stays until editing ends.
  const onBlur = () => {
    if (latest.current.settled) return;
    const outcome = handlers.current.save();
    if (!outcome.ok) setDraft((previous) => ({ ...previous, error: outcome.error }));
  };

  const { box } = header;
  const width = box.maxX - box.minX;
  const height = box.maxY - box.minY;
  const fontSize =
    header.axis === 'stage'
      ? clamp(Math.min(height * 0.28, width * 0.12), 8, 32)
      : clamp(Math.min(height * 0.22, width * 0.09), 8, 28);
  const errorId = `${ids}-error`;
  const hintId = `${ids}-hint`;

  return (
    <div
      className="kohtaamo-header-editor"
      data-testid="kohtaamo-header-editor"
      style={{
        left: box.minX,
        top: box.minY,
        width: `max(${width}px, calc(220px * var(--tl-scale)))`,
        minHeight: `max(${height}px, calc(44px * var(--tl-scale)))`,
        fontSize: `max(${fontSize}px, calc(16px * var(--tl-scale)))`,
      }}
      // While the field is open, pointer events on it belong to it, not to the canvas.
      onPointerDown={(event) => editor.markEventAsHandled(event)}
    >
      <label className="visually-hidden" htmlFor={`${ids}-input`}>
        {t(
          header.axis === 'stage'
            ? 'templates.headerRename.stageLabel'
            : 'templates.headerRename.laneLabel',
          { name: label },
        )}
      </label>
      <input
        ref={input}
        id={`${ids}-input`}
        className="kohtaamo-header-editor__input"
        data-axis={header.axis}
        data-item-id={header.itemId}
        value={draft.text}
        maxLength={maxCustomLabelLength}
        aria-invalid={draft.error !== ''}
        aria-describedby={draft.error ? `${errorId} ${hintId}` : hintId}
        autoComplete="off"
        spellCheck
        onChange={(event) => setDraft({ headerKey, text: event.target.value, error: '' })}
        onBlur={onBlur}
      />
      <p id={hintId} className="kohtaamo-header-editor__hint">
        {t('templates.headerRename.hint')}
      </p>
      <p id={errorId} className="kohtaamo-header-editor__error" role="alert">
        {draft.error}
      </p>
    </div>
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

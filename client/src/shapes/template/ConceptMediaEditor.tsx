import { findTemplateDefinition, localize } from '@kohtaamo/shared';
import { type ChangeEvent, type FormEvent, type JSX, useId, useRef, useState } from 'react';
import { useEditor, useReadonly } from 'tldraw';
import { acceptedImageTypes, acceptedVideoTypes } from '../../canvas/uploadPolicy';
import type { MessageKey } from '../../i18n/messages';
import {
  arrangeMoodboard,
  canvasFieldOfKind,
  embedVideoLinkInField,
  placeMediaInField,
  type VideoLinkRefusal,
} from './canvasMedia';
import type { TLTemplateShape } from './templateShapeProps';
import { useEditorMessages } from './useEditorMessages';
import './conceptMedia.css';

const imageAccept = acceptedImageTypes.join(',');
const mediaAccept = [...acceptedImageTypes, ...acceptedVideoTypes].join(',');

const linkRefusalText: Record<VideoLinkRefusal | 'readonly', MessageKey> = {
  empty: 'canvas.media.error.urlEmpty',
  invalid: 'canvas.media.error.urlInvalid',
  notHttp: 'canvas.media.error.urlNotHttp',
  readonly: 'canvas.media.error.readonly',
};

interface Status {
  readonly text: string;
  readonly tone: 'info' | 'error';
}

/**
 * The concept canvas's Insight and Visuals fields: a video link to embed or
 * an image or video to upload into Insight, and images to add to the Visuals
 * mood board and arrange there. Files go through the board's own upload path
 * (refusals are explained in a toast); what happened is said in a status
 * line. Renders nothing on a read-only board or a canvas without those
 * fields.
 */
export function ConceptMediaEditor({ shape }: { shape: TLTemplateShape }): JSX.Element | null {
  const editor = useEditor();
  const readonly = useReadonly();
  const { t, locale } = useEditorMessages();
  const ids = useId();
  const [url, setUrl] = useState('');
  const [linkInvalid, setLinkInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>({ text: '', tone: 'info' });
  const insightInput = useRef<HTMLInputElement>(null);
  const visualsInput = useRef<HTMLInputElement>(null);

  const definition = findTemplateDefinition(shape.props.templateId);
  const insightId = canvasFieldOfKind(shape, 'insight');
  const visualsId = canvasFieldOfKind(shape, 'moodboard');
  if (readonly || definition?.kind !== 'canvas' || (!insightId && !visualsId)) return null;
  const fieldName = (fieldId: string) => {
    const field = definition.fields.find((candidate) => candidate.id === fieldId);
    return field ? localize(field.label, locale) : fieldId;
  };

  const embed = (event: FormEvent) => {
    event.preventDefault();
    if (!insightId) return;
    const result = embedVideoLinkInField(editor, shape, insightId, url);
    if (!result.ok) {
      setLinkInvalid(result.reason !== 'readonly');
      setStatus({ text: t(linkRefusalText[result.reason]), tone: 'error' });
      return;
    }
    setUrl('');
    setLinkInvalid(false);
    setStatus({
      text: t(result.kind === 'embed' ? 'canvas.media.embedded' : 'canvas.media.bookmarked', {
        field: fieldName(insightId),
      }),
      tone: 'info',
    });
  };

  const addFiles = async (fieldId: string, event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    // Cleared so that choosing the same file again is a change too.
    input.value = '';
    if (files.length === 0) return;
    setBusy(true);
    setStatus({ text: t('canvas.media.adding'), tone: 'info' });
    try {
      const added = await placeMediaInField(editor, shape, fieldId, files);
      setStatus(
        added.length > 0
          ? { text: t('canvas.media.added', { count: added.length }), tone: 'info' }
          : { text: t('canvas.media.error.noneAdded'), tone: 'error' },
      );
    } catch {
      // The board's upload handler has already said why in a toast.
      setStatus({ text: t('canvas.media.error.noneAdded'), tone: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const arrange = () => {
    if (!visualsId) return;
    const count = arrangeMoodboard(editor, shape, visualsId);
    setStatus(
      count > 0
        ? { text: t('canvas.media.arranged', { count }), tone: 'info' }
        : {
            text: t('canvas.media.error.nothingToArrange', { field: fieldName(visualsId) }),
            tone: 'error',
          },
    );
  };

  return (
    <>
      {insightId && (
        <fieldset
          className="kohtaamo-template-panel__axis kohtaamo-concept-media"
          data-testid="kohtaamo-insight-editor"
        >
          <legend>{fieldName(insightId)}</legend>
          <form className="kohtaamo-template-panel__row" noValidate onSubmit={embed}>
            <label htmlFor={`${ids}-url`}>{t('canvas.media.url')}</label>
            <input
              id={`${ids}-url`}
              className="kohtaamo-concept-media__url"
              type="url"
              inputMode="url"
              autoComplete="url"
              placeholder="https://"
              value={url}
              aria-describedby={`${ids}-url-hint`}
              aria-invalid={linkInvalid || undefined}
              onChange={(event) => {
                setUrl(event.target.value);
                setLinkInvalid(false);
              }}
            />
            <button type="submit">{t('canvas.media.embed')}</button>
          </form>
          <p id={`${ids}-url-hint`} className="kohtaamo-template-panel__hint">
            {t('canvas.media.urlHint')}
          </p>
          <div className="kohtaamo-template-panel__row">
            <button type="button" disabled={busy} onClick={() => insightInput.current?.click()}>
              {t('canvas.media.upload')}
            </button>
            <input
              ref={insightInput}
              type="file"
              hidden
              accept={mediaAccept}
              aria-label={t('canvas.media.upload')}
              data-testid="kohtaamo-insight-file"
              onChange={(event) => void addFiles(insightId, event)}
            />
          </div>
        </fieldset>
      )}
      {visualsId && (
        <fieldset
          className="kohtaamo-template-panel__axis kohtaamo-concept-media"
          data-testid="kohtaamo-visuals-editor"
        >
          <legend>{fieldName(visualsId)}</legend>
          <div className="kohtaamo-template-panel__row">
            <button type="button" disabled={busy} onClick={() => visualsInput.current?.click()}>
              {t('canvas.media.addImages')}
            </button>
            <input
              ref={visualsInput}
              type="file"
              hidden
              multiple
              accept={imageAccept}
              aria-label={t('canvas.media.addImages')}
              data-testid="kohtaamo-visuals-file"
              onChange={(event) => void addFiles(visualsId, event)}
            />
            <button type="button" aria-describedby={`${ids}-arrange-hint`} onClick={arrange}>
              {t('canvas.media.arrange')}
            </button>
          </div>
          <p id={`${ids}-arrange-hint`} className="kohtaamo-template-panel__hint">
            {t('canvas.media.visualsHint')}
          </p>
        </fieldset>
      )}
      <p className="kohtaamo-concept-media__status" role="status" data-tone={status.tone}>
        {status.text}
      </p>
    </>
  );
}

import { defaultUploadLimits, roomTokenParam, type UploadLimits } from '@kohtaamo/shared';
import type { TLAsset, TLAssetContext, TLAssetStore } from 'tldraw';
import { z } from 'zod';
import { withoutToken } from '../app/roomTokens';
import type { Locale } from '../i18n/messages';
import { UploadError } from './UploadError';
import { type UploadRefusal, uploadKindOf, uploadLimitOf } from './uploadPolicy';

/** What a {@link RoomAssetStore} is built from. */
export interface RoomAssetStoreOptions {
  readonly roomId: string;
  /** The UI language at the time of a refusal, for its message. */
  readonly getLocale: () => Locale;
  /** Replaces `fetch` (tests). */
  readonly fetch?: typeof fetch;
  /** Origin of the HTTP API; empty (the default) means the page's own origin. */
  readonly baseUrl?: string;
  /** Limits named in a refusal when the server's answer does not say them. */
  readonly limits?: UploadLimits;
  /**
   * The capability token of the board's link, sent with uploads and added
   * to the URLs files are shown from. Never stored in the document: the
   * board keeps the bare URL and {@link RoomAssetStore.resolve} adds it.
   */
  readonly token?: string | null;
}

const uploadedSchema = z.object({
  id: z.string().min(1),
  url: z.string().startsWith('/'),
  contentType: z.string(),
  size: z.number(),
});

const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Sent with `upload_too_large`: the server's configured limits may differ from the defaults. */
    limitBytes: z.number().int().positive().optional(),
    kind: z.enum(['image', 'video']).optional(),
  }),
});

/**
 * tldraw's asset store for one room: files go to the server
 * (`POST /api/rooms/:roomId/uploads`) and the board keeps only the URL they
 * are served from, instead of the file inlined as a data: URL in the shared
 * document. A refusal rejects with an {@link UploadError} whose message is
 * ready to show.
 */
export class RoomAssetStore implements TLAssetStore {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private readonly limits: UploadLimits;

  constructor(private readonly options: RoomAssetStoreOptions) {
    // Unbound, the browser's fetch throws "Illegal invocation" when called as a method.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? '';
    this.limits = options.limits ?? defaultUploadLimits;
  }

  /** The URL files of this room are posted to. */
  get uploadUrl(): string {
    return this.withToken(
      `${this.baseUrl}/api/rooms/${encodeURIComponent(this.options.roomId)}/uploads`,
    );
  }

  // Arrow properties, not methods: createTLStore copies `upload` and `resolve` off this object,
  // so they must not depend on how they are called.
  readonly upload = async (
    _asset: TLAsset,
    file: File,
    abortSignal?: AbortSignal,
  ): Promise<{ src: string }> => {
    const headers: Record<string, string> = {};
    if (file.name !== '') headers['X-File-Name'] = encodeURIComponent(file.name);
    let response: Response;
    try {
      response = await this.fetch(this.uploadUrl, {
        method: 'POST',
        headers,
        body: file,
        ...(abortSignal ? { signal: abortSignal } : {}),
      });
    } catch (error) {
      // Cancelling is not a failure to report: tldraw (or the person) asked for it.
      if (abortSignal?.aborted || isAbortError(error)) throw error;
      throw this.refused({ reason: 'network' }, error);
    }
    if (!response.ok) throw this.refused(await this.refusalOf(response, file), response.status);
    const body = uploadedSchema.safeParse(await response.json().catch(() => undefined));
    if (!body.success) throw this.refused({ reason: 'failed' }, body.error);
    return { src: withoutToken(body.data.url) };
  };

  /**
   * Uploaded files are same-origin URLs, shown with this link's token so an
   * `<img>` may load them; boards from before uploads keep data: URLs, shown as they are.
   */
  readonly resolve = (asset: TLAsset, _context: TLAssetContext): string | null => {
    const src = asset.props.src;
    return src?.startsWith('/') ? this.withToken(src) : src;
  };

  private withToken(url: string): string {
    const token = this.options.token;
    if (!token) return url;
    const separator = url.includes('?') ? '&' : '?';
    return `${url}${separator}${roomTokenParam}=${encodeURIComponent(token)}`;
  }

  private refused(refusal: UploadRefusal, cause: unknown): UploadError {
    return new UploadError(refusal, this.options.getLocale(), { cause });
  }

  private async refusalOf(response: Response, file: File): Promise<UploadRefusal> {
    const parsed = apiErrorSchema.safeParse(await response.json().catch(() => undefined));
    const error = parsed.success ? parsed.data.error : undefined;
    switch (error?.code) {
      case 'upload_too_large': {
        const named = error.limitBytes;
        // A limit named without a kind is the larger one, checked before the type was known.
        const kind = error.kind ?? (named ? undefined : uploadKindOf(file.type));
        const limitBytes =
          named ?? (kind ? uploadLimitOf(kind, this.limits) : this.limits.maxVideoBytes);
        return { reason: 'too-large', limitBytes, ...(kind ? { kind } : {}) };
      }
      case 'unsupported_media_type':
        return { reason: 'unsupported-type' };
      case 'empty_upload':
        return { reason: 'empty' };
      case 'forbidden':
        return { reason: 'forbidden' };
      case 'upload_interrupted':
        return { reason: 'network' };
    }
    // A proxy in between may answer without our JSON body; the status still says enough.
    if (response.status === 413) {
      const kind = uploadKindOf(file.type);
      return kind
        ? { reason: 'too-large', kind, limitBytes: uploadLimitOf(kind, this.limits) }
        : { reason: 'too-large', limitBytes: this.limits.maxVideoBytes };
    }
    if (response.status === 415) return { reason: 'unsupported-type' };
    if (response.status === 403) return { reason: 'forbidden' };
    return { reason: 'failed' };
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

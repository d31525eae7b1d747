import {
  createTemplateInstance,
  findTemplateDefinition,
  type GridLayout,
  journeyMap,
  localize,
  maxTemplateSize,
  minTemplateSize,
  resolveLabel,
  type TemplateLayout,
} from '@kohtaamo/shared';
import { type JSX, useEffect } from 'react';
import {
  atom,
  BaseFrameLikeShapeUtil,
  type Editor,
  type Geometry2d,
  Group2d,
  Rectangle2d,
  resizeBox,
  SVGContainer,
  type TLDropShapesOverInfo,
  type TLEditStartInfo,
  type TLResizeInfo,
  type TLShape,
  type TLShapeId,
  useEditor,
  useValue,
} from 'tldraw';
import { useFacilitation } from '../../facilitation/FacilitationContext';
import { HeaderLabelEditor } from './HeaderLabelEditor';
import { findHeader, type HeaderBox, type HeaderRef, headerAt, headersOf } from './headerHit';
import { TemplateDrawing } from './TemplateDrawing';
import { canvasFieldDataOfShape } from './templateCanvasMeta';
import {
  fitIntoCell,
  registerTemplateCellEffects,
  setTemplateEditRole,
} from './templateCellEffects';
import { templateContentOf } from './templateContentOf';
import { feelingsOfShape } from './templateFeelings';
import { toTemplateLocale } from './templateLocale';
import {
  instanceFromProps,
  isTemplateShape,
  propsFromInstance,
  type TemplateShapeProps,
  type TLTemplateShape,
  templateShapeProps,
  templateShapeType,
} from './templateShapeProps';
import { useEditorMessages } from './useEditorMessages';

/** A header label of one template, as picked for an in-place rename. */
interface HeaderEdit {
  readonly shapeId: TLShapeId;
  readonly header: HeaderRef;
}

/**
 * A workshop template (journey map, blueprint, concept canvas, …) on the
 * board. It behaves like a frame: notes, text and images dropped on it become
 * its children and move with it, also when the facilitator has locked it
 * (the lock keeps its structure, not its content). Its cells grow to hold
 * their content, so it is drawn at the size `templateContentOf` gives, not
 * only its stored `w × h`; the cell a child belongs to comes from the same
 * place (see `templateCellEffects` and the shared `layoutTemplateContent`).
 * Labels follow the viewer's UI language.
 *
 * The stage and lane labels of a grid template are renamed in place: a
 * double-click on a label, or Enter while the template is selected (first
 * stage; Tab moves on), puts tldraw into its editing state for the template
 * and {@link HeaderLabelEditor} shows a text field over that label.
 */
export class TemplateShapeUtil extends BaseFrameLikeShapeUtil<TLTemplateShape> {
  static override type = templateShapeType;
  static override props = templateShapeProps;

  /** The label being renamed while this editor edits a template; what the field is shown over. */
  private readonly headerEdit = atom<HeaderEdit | null>('kohtaamo.headerEdit', null);
  /**
   * The label chosen by `canEdit` for the edit that tldraw starts right after
   * asking (`onEditStart` takes it). A plain field: `canEdit` may run inside
   * reactive computations, where signals must not be written.
   */
  private pendingHeaderEdit: HeaderEdit | null = null;

  constructor(editor: Editor) {
    super(editor);
    drawLoneTemplatesInImageExports(editor);
    editor.disposables.add(registerTemplateCellEffects(editor));
  }

  override getDefaultProps(): TemplateShapeProps {
    return propsFromInstance(createTemplateInstance(journeyMap));
  }

  override canResize(): boolean {
    return true;
  }

  /**
   * Grid templates are editable, meaning "a header label is being renamed":
   * Enter (the first stage) or a double-click on a label (that label). A
   * double-click elsewhere is refused, so tldraw goes on as for a frame's
   * empty area: it creates a text shape there.
   */
  override canEdit(shape: TLTemplateShape, info: TLEditStartInfo): boolean {
    const layout = this.layoutOf(shape);
    if (!layout) return false;
    const headers = headersOf(layout);
    const [first] = headers;
    if (!first) return false;
    if (info.type === 'press_enter') {
      this.pendingHeaderEdit = { shapeId: shape.id, header: refOf(first) };
      return true;
    }
    if (info.type !== 'unknown' && info.type !== 'double-click') return false;
    // tldraw asks again (type unknown) while starting the edit it just allowed.
    if (findHeader(headers, this.pendingFor(shape.id))) return true;
    const pointer = this.editor.inputs.getCurrentPagePoint();
    const hit = headerAt(layout, this.editor.getPointInShapeSpace(shape, pointer));
    if (!hit) return false;
    this.pendingHeaderEdit = { shapeId: shape.id, header: refOf(hit) };
    return true;
  }

  override onEditStart(shape: TLTemplateShape): void {
    const headers = this.getHeaders(shape);
    const header = findHeader(headers, this.pendingFor(shape.id)) ?? headers[0];
    this.pendingHeaderEdit = null;
    this.headerEdit.set(header ? { shapeId: shape.id, header: refOf(header) } : null);
  }

  override onEditEnd(shape: TLTemplateShape): void {
    this.pendingHeaderEdit = null;
    if (this.headerEdit.get()?.shapeId === shape.id) this.headerEdit.set(null);
  }

  /** The label of `shapeId` being renamed in place, or `null`; reactive. */
  getHeaderEdit(shapeId: TLShapeId): HeaderRef | null {
    const edit = this.headerEdit.get();
    return edit?.shapeId === shapeId ? edit.header : null;
  }

  /** Moves the in-place rename of `shapeId` (already being edited) to another label. */
  setHeaderEdit(shapeId: TLShapeId, header: HeaderRef): void {
    if (this.editor.getEditingShapeId() !== shapeId) return;
    this.headerEdit.set({ shapeId, header: refOf(header) });
  }

  /** Starts renaming `header` of `shape` in place, as a double-click on it does. */
  startHeaderEdit(shape: TLTemplateShape, header: HeaderRef): void {
    this.pendingHeaderEdit = { shapeId: shape.id, header: refOf(header) };
    this.editor.setEditingShape(shape.id);
    if (this.editor.getEditingShapeId() !== shape.id) this.pendingHeaderEdit = null;
  }

  /** The stage and lane labels of a grid template this build can draw; none otherwise. */
  getHeaders(shape: TLTemplateShape): HeaderBox[] {
    const layout = this.layoutOf(shape);
    return layout ? headersOf(layout) : [];
  }

  /** Content may be added to a locked template too: the lock keeps its structure. */
  override canReceiveNewChildrenOfType(): boolean {
    return true;
  }

  override canRemoveChildrenOfType(): boolean {
    return true;
  }

  /** Shapes dropped on the template fit the cell they were dropped in (see `fitIntoCell`). */
  override onDropShapesOver(
    shape: TLTemplateShape,
    shapes: TLShape[],
    info: TLDropShapesOverInfo,
  ): void {
    const waiting = new Set(shapes.map((dropped) => dropped.id));
    // tldraw freezes the children of a locked template, and a locked template takes content too.
    this.editor.run(
      () => {
        for (const dropped of shapes) {
          waiting.delete(dropped.id);
          const current = this.editor.getShape(dropped.id);
          if (!current || current.parentId !== shape.id) continue;
          const fitted = fitIntoCell(this.editor, shape, current, {
            rescale: info.initialParentIds.get(current.id) !== shape.id,
            ignore: waiting,
          });
          if (fitted !== current) this.editor.updateShape(fitted);
        }
      },
      { ignoreShapeLock: true },
    );
  }

  override isAspectRatioLocked(): boolean {
    return false;
  }

  override isExportBoundsContainer(): boolean {
    return true;
  }

  /**
   * The template's rectangle, plus its header labels as label geometry:
   * tldraw hits a frame-like shape's labels (not its empty inside), so a
   * click on a label selects the template and a double-click reaches
   * `canEdit` instead of creating text.
   */
  override getGeometry(shape: TLTemplateShape): Geometry2d {
    const { w, h } = this.sizeOf(shape);
    const body = new Rectangle2d({ width: w, height: h, isFilled: true });
    const headers = this.getHeaders(shape);
    if (headers.length === 0) return body;
    return new Group2d({
      children: [
        body,
        ...headers.map(
          ({ box }) =>
            new Rectangle2d({
              x: box.minX,
              y: box.minY,
              width: box.maxX - box.minX,
              height: box.maxY - box.minY,
              isFilled: true,
              isLabel: true,
            }),
        ),
      ],
    });
  }

  /**
   * Resizing changes the stored size by as much as the drawn one: the
   * growth of the cells is added on top of whatever size is stored.
   */
  override onResize(shape: TLTemplateShape, info: TLResizeInfo<TLTemplateShape>) {
    const drawn = this.sizeOf(info.initialShape);
    const growth = {
      w: drawn.w - info.initialShape.props.w,
      h: drawn.h - info.initialShape.props.h,
    };
    const asDrawn = { ...shape, props: { ...shape.props, w: drawn.w, h: drawn.h } };
    // The props validator refuses sizes outside the shared limits, so resizing stops at them.
    const resized = resizeBox(asDrawn, info, {
      minWidth: minTemplateSize + growth.w,
      minHeight: minTemplateSize + growth.h,
      maxWidth: maxTemplateSize + growth.w,
      maxHeight: maxTemplateSize + growth.h,
    });
    return {
      ...resized,
      props: { ...resized.props, w: resized.props.w - growth.w, h: resized.props.h - growth.h },
    };
  }

  override getAriaDescriptor(shape: TLTemplateShape): string | undefined {
    const definition = findTemplateDefinition(shape.props.templateId);
    if (!definition) return shape.props.templateId;
    return localize(definition.title, toTemplateLocale(this.editor.user.getLocale()));
  }

  override component(shape: TLTemplateShape): JSX.Element {
    return <TemplateShapeView shape={shape} util={this} />;
  }

  override getIndicatorPath(shape: TLTemplateShape): Path2D {
    const { w, h } = this.sizeOf(shape);
    const path = new Path2D();
    path.rect(0, 0, w, h);
    return path;
  }

  override toSvg(shape: TLTemplateShape): JSX.Element {
    return (
      <TemplateDrawing
        instance={instanceFromProps(shape.props)}
        layout={this.contentLayoutOf(shape)}
        definition={findTemplateDefinition(shape.props.templateId)}
        locale={toTemplateLocale(this.editor.user.getLocale())}
        feelings={feelingsOfShape(shape)}
        fieldData={canvasFieldDataOfShape(shape)}
      />
    );
  }

  /** The layout the template is drawn with: its cells grown to hold their content. */
  contentLayoutOf(shape: TLTemplateShape): TemplateLayout | undefined {
    return templateContentOf(this.editor, shape)?.layout;
  }

  /** The drawn size: the stored size plus the growth of the cells. */
  private sizeOf(shape: TLTemplateShape): { w: number; h: number } {
    const bounds = this.contentLayoutOf(shape)?.bounds;
    return bounds ? { w: bounds.maxX, h: bounds.maxY } : { w: shape.props.w, h: shape.props.h };
  }

  private layoutOf(shape: TLTemplateShape): GridLayout | undefined {
    const layout = this.contentLayoutOf(shape);
    return layout?.kind === 'grid' ? layout : undefined;
  }

  private pendingFor(shapeId: TLShapeId): HeaderRef | undefined {
    const pending = this.pendingHeaderEdit;
    return pending?.shapeId === shapeId ? pending.header : undefined;
  }
}

function refOf({ axis, itemId }: HeaderRef): HeaderRef {
  return { axis, itemId };
}

/**
 * The ids to draw for an image export of `shapes`. tldraw draws only the
 * children of a lone frame-like shape (`singleFrameShapeId` in its
 * getSvgJsx, keyed on `isFrameLike`, which also drives hit-testing,
 * brushing and erasing, so it must stay on). A lone template is listed
 * twice instead: the export deduplicates ids, and with two of them the
 * template is drawn with its content. An empty list means the whole page.
 */
export function imageExportShapeIds(
  editor: Editor,
  shapes: readonly (TLShapeId | TLShape)[],
): TLShapeId[] {
  const ids =
    shapes.length === 0
      ? editor.getCurrentPageShapesSorted().map((shape) => shape.id)
      : shapes.map((shape) => (typeof shape === 'string' ? shape : shape.id));
  const [only] = ids;
  return ids.length === 1 && only && isTemplateShape(editor.getShape(only)) ? [only, only] : ids;
}

/**
 * Every image export (tldraw's Export as and Copy as, our print and Export
 * menus, `toImage`, `getSvgString`) goes through `getSvgElement`, and no
 * ShapeUtil option reaches the single-frame rule, so this editor's
 * `getSvgElement` gets its ids from {@link imageExportShapeIds} first.
 */
function drawLoneTemplatesInImageExports(editor: Editor): void {
  const getSvgElement = editor.getSvgElement.bind(editor);
  editor.getSvgElement = (shapes, opts) => getSvgElement(imageExportShapeIds(editor, shapes), opts);
}

interface TemplateShapeViewProps {
  readonly shape: TLTemplateShape;
  readonly util: TemplateShapeUtil;
}

function TemplateShapeView({ shape, util }: TemplateShapeViewProps): JSX.Element {
  const editor = useEditor();
  const locale = useValue(
    'kohtaamo.templateLocale',
    () => toTemplateLocale(editor.user.getLocale()),
    [editor],
  );
  const edited = useValue(
    'kohtaamo.editedHeader',
    () => (editor.getEditingShapeId() === shape.id ? util.getHeaderEdit(shape.id) : null),
    [editor, util, shape.id],
  );
  const role = useFacilitation()?.role;
  const layout = useValue('kohtaamo.templateLayout', () => util.contentLayoutOf(shape), [
    util,
    shape,
  ]);
  const definition = findTemplateDefinition(shape.props.templateId);
  const headers = edited ? util.getHeaders(shape) : [];
  const header = findHeader(headers, edited);
  const item = header && labelledItem(shape, header);
  const missing = edited !== null && !item;

  // The template effects move others' content only as far as this person's role allows.
  useEffect(() => {
    if (role !== undefined) setTemplateEditRole(editor, role);
  }, [editor, role]);

  // A peer removed the label being renamed: stop editing rather than show nothing.
  useEffect(() => {
    if (missing && editor.getEditingShapeId() === shape.id) editor.setEditingShape(null);
  }, [missing, editor, shape.id]);

  return (
    <>
      <SVGContainer>
        <TemplateDrawing
          instance={instanceFromProps(shape.props)}
          layout={layout}
          definition={definition}
          locale={locale}
          feelings={feelingsOfShape(shape)}
          fieldData={canvasFieldDataOfShape(shape)}
        />
      </SVGContainer>
      {shape.isLocked && <TemplateLockBadge />}
      {header && item && definition && (
        <HeaderLabelEditor
          shapeId={shape.id}
          header={header}
          headers={headers}
          label={resolveLabel(item, definition, locale)}
          onNavigate={(next) => util.setHeaderEdit(shape.id, next)}
        />
      )}
    </>
  );
}

/**
 * Says, just above the template's top left corner, that the facilitator
 * locked it (tldraw's lock, `isLocked`): only a facilitator may change or
 * unlock it, so participants see why it does not respond. It keeps its
 * size on screen at any zoom, like tldraw's frame headings.
 */
function TemplateLockBadge(): JSX.Element {
  const { t } = useEditorMessages();
  const editor = useEditor();
  const zoom = useValue('kohtaamo.templateLockZoom', () => editor.getZoomLevel(), [editor]);
  return (
    <div
      className="kohtaamo-template-lock"
      data-testid="template-lock-badge"
      style={{
        position: 'absolute',
        left: 0,
        bottom: '100%',
        transform: `scale(${1 / zoom})`,
        transformOrigin: 'bottom left',
        marginBottom: 6 / zoom,
        display: 'flex',
        alignItems: 'center',
        gap: 6,
        padding: '4px 10px',
        borderRadius: 6,
        background: '#1d1d1d',
        color: '#ffffff',
        font: '600 16px/1.2 system-ui, sans-serif',
        whiteSpace: 'nowrap',
        pointerEvents: 'none',
      }}
    >
      <svg width="14" height="16" viewBox="0 0 14 16" aria-hidden="true" focusable="false">
        <path
          d="M3 7V5a4 4 0 0 1 8 0v2h1a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1Zm2 0h4V5a2 2 0 0 0-4 0v2Z"
          fill="currentColor"
        />
      </svg>
      {t('roles.locked.badge')}
    </div>
  );
}

function labelledItem(shape: TLTemplateShape, header: HeaderRef) {
  const items = header.axis === 'stage' ? shape.props.stages : shape.props.lanes;
  return items.find((item) => item.id === header.itemId);
}

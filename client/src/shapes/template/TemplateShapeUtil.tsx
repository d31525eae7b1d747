import {
  createTemplateInstance,
  findTemplateDefinition,
  journeyMap,
  localize,
  maxTemplateSize,
  minTemplateSize,
} from '@kohtaamo/shared';
import type { JSX } from 'react';
import {
  BaseFrameLikeShapeUtil,
  type Geometry2d,
  Rectangle2d,
  resizeBox,
  SVGContainer,
  type TLResizeInfo,
  useEditor,
  useValue,
} from 'tldraw';
import { TemplateDrawing } from './TemplateDrawing';
import { feelingsOfShape } from './templateFeelings';
import { toTemplateLocale } from './templateLocale';
import {
  instanceFromProps,
  propsFromInstance,
  type TemplateShapeProps,
  type TLTemplateShape,
  templateShapeProps,
  templateShapeType,
} from './templateShapeProps';

/**
 * A workshop template (journey map, blueprint, concept canvas, …) on the
 * board. It behaves like a frame: notes, text and images dropped on it become
 * its children and move with it, and the cell a child sits in is derived from
 * its position (see `cellOfChild`). Labels follow the viewer's UI language.
 */
export class TemplateShapeUtil extends BaseFrameLikeShapeUtil<TLTemplateShape> {
  static override type = templateShapeType;
  static override props = templateShapeProps;

  override getDefaultProps(): TemplateShapeProps {
    return propsFromInstance(createTemplateInstance(journeyMap));
  }

  override canResize(): boolean {
    return true;
  }

  override canEdit(): boolean {
    return false;
  }

  override isAspectRatioLocked(): boolean {
    return false;
  }

  override isExportBoundsContainer(): boolean {
    return true;
  }

  override getGeometry(shape: TLTemplateShape): Geometry2d {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true });
  }

  override onResize(shape: TLTemplateShape, info: TLResizeInfo<TLTemplateShape>) {
    // The props validator refuses sizes outside the shared limits, so resizing stops at them.
    return resizeBox(shape, info, {
      minWidth: minTemplateSize,
      minHeight: minTemplateSize,
      maxWidth: maxTemplateSize,
      maxHeight: maxTemplateSize,
    });
  }

  override getAriaDescriptor(shape: TLTemplateShape): string | undefined {
    const definition = findTemplateDefinition(shape.props.templateId);
    if (!definition) return shape.props.templateId;
    return localize(definition.title, toTemplateLocale(this.editor.user.getLocale()));
  }

  override component(shape: TLTemplateShape): JSX.Element {
    return <TemplateShapeView shape={shape} />;
  }

  override getIndicatorPath(shape: TLTemplateShape): Path2D {
    const path = new Path2D();
    path.rect(0, 0, shape.props.w, shape.props.h);
    return path;
  }

  override toSvg(shape: TLTemplateShape): JSX.Element {
    return (
      <TemplateDrawing
        instance={instanceFromProps(shape.props)}
        definition={findTemplateDefinition(shape.props.templateId)}
        locale={toTemplateLocale(this.editor.user.getLocale())}
        feelings={feelingsOfShape(shape)}
      />
    );
  }
}

function TemplateShapeView({ shape }: { shape: TLTemplateShape }): JSX.Element {
  const editor = useEditor();
  const locale = useValue(
    'kohtaamo.templateLocale',
    () => toTemplateLocale(editor.user.getLocale()),
    [editor],
  );
  return (
    <SVGContainer>
      <TemplateDrawing
        instance={instanceFromProps(shape.props)}
        definition={findTemplateDefinition(shape.props.templateId)}
        locale={locale}
        feelings={feelingsOfShape(shape)}
      />
    </SVGContainer>
  );
}

import {
  type CanvasTemplateInstance,
  type GridTemplateInstance,
  type TemplateInstance,
  type TemplateLane,
  type TemplateLine,
  type TemplateStage,
  type templateInstanceVersion,
  templateShapePropSchemas,
} from '@kohtaamo/shared';
import { type RecordProps, T, type TLShape } from 'tldraw';
import type { z } from 'zod';

/** The tldraw shape type of an inserted workshop template. */
export const templateShapeType = 'kohtaamo-template';

/**
 * The props of a template shape: a template instance flattened into one
 * record. Stages, lanes and lines are separate props so that concurrent edits
 * of different lists merge (the Yjs binding stores each prop as one field).
 * A canvas template stores empty lists; {@link instanceFromProps} drops them.
 */
export interface TemplateShapeProps {
  w: number;
  h: number;
  version: typeof templateInstanceVersion;
  templateId: string;
  kind: 'grid' | 'canvas';
  stages: TemplateStage[];
  lanes: TemplateLane[];
  lines: TemplateLine[];
}

declare module 'tldraw' {
  interface TLGlobalShapePropsMap {
    [templateShapeType]: TemplateShapeProps;
  }
}

/** A workshop template on the board. */
export type TLTemplateShape = TLShape<typeof templateShapeType>;

/**
 * A tldraw validator that runs a zod schema. tldraw requires a validator to
 * return the very value it was given, so the parsed copy is discarded.
 */
function zodValidator<Value>(schema: z.ZodType<Value>): T.Validator<Value> {
  return new T.Validator((value: unknown): Value => {
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new T.ValidationError(
        issue?.message ?? 'invalid value',
        (issue?.path ?? []).filter(
          (part): part is string | number => typeof part === 'string' || typeof part === 'number',
        ),
      );
    }
    return value as Value;
  });
}

/**
 * tldraw validators of {@link TemplateShapeProps}: the shared schemas, which
 * the server checks incoming records with too.
 */
export const templateShapeProps: RecordProps<TLTemplateShape> = {
  w: zodValidator(templateShapePropSchemas.w),
  h: zodValidator(templateShapePropSchemas.h),
  version: zodValidator(templateShapePropSchemas.version),
  templateId: zodValidator(templateShapePropSchemas.templateId),
  kind: zodValidator(templateShapePropSchemas.kind),
  stages: zodValidator(templateShapePropSchemas.stages),
  lanes: zodValidator(templateShapePropSchemas.lanes),
  lines: zodValidator(templateShapePropSchemas.lines),
};

/** The shape props that store `instance`. */
export function propsFromInstance(instance: TemplateInstance): TemplateShapeProps {
  const { w, h, version, templateId } = instance;
  if (instance.kind === 'canvas') {
    return { w, h, version, templateId, kind: 'canvas', stages: [], lanes: [], lines: [] };
  }
  return {
    w,
    h,
    version,
    templateId,
    kind: 'grid',
    stages: instance.stages,
    lanes: instance.lanes,
    lines: instance.lines,
  };
}

/** The template instance stored in a shape's props. */
export function instanceFromProps(props: TemplateShapeProps): TemplateInstance {
  const { w, h, version, templateId } = props;
  if (props.kind === 'canvas') {
    const canvas: CanvasTemplateInstance = { w, h, version, templateId, kind: 'canvas' };
    return canvas;
  }
  const grid: GridTemplateInstance = {
    w,
    h,
    version,
    templateId,
    kind: 'grid',
    stages: props.stages,
    lanes: props.lanes,
    lines: props.lines,
  };
  return grid;
}

/** Whether `shape` is a workshop template. */
export function isTemplateShape(shape: TLShape | null | undefined): shape is TLTemplateShape {
  return shape?.type === templateShapeType;
}

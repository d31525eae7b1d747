import {
  isJsonObject,
  type StoredRecord,
  templateShapePropSchemas,
  templateShapeType,
} from '@kohtaamo/shared';

/**
 * Why a record is invalid, or `undefined` if it is valid. Given the valid
 * record it replaces, values shared with it (same object) are not checked
 * again.
 */
export type RecordValidator = (record: StoredRecord, before?: StoredRecord) => string | undefined;

/**
 * The board's record schema: tldraw's own (`@tldraw/tlschema`, the version
 * the client is built with) plus the template shape, whose props the
 * client's shape util validates with the same shared schemas. The
 * composition root loads it once (a few MiB of heap) and hands it to the
 * rooms' record guard.
 */
export async function loadRecordValidator(): Promise<RecordValidator> {
  const { createTLSchema, defaultShapeSchemas } = await import('@tldraw/tlschema');
  const templateProps = Object.fromEntries(
    Object.entries(templateShapePropSchemas).map(([name, schema]) => [
      name,
      {
        validate(value: unknown): unknown {
          const result = schema.safeParse(value);
          if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'invalid');
          return value;
        },
      },
    ]),
  );
  const schema = createTLSchema({
    shapes: { ...defaultShapeSchemas, [templateShapeType]: { props: templateProps } },
  });
  const types = schema.types as Record<
    string,
    { validate(record: unknown, before?: unknown): unknown }
  >;
  return (record, before) => {
    const type = types[record.typeName];
    if (type === undefined || !isJsonObject(record)) {
      return `unknown record type ${JSON.stringify(record.typeName)}`;
    }
    try {
      type.validate(record, before);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}

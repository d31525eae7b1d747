import type { SerializedSchema, StoreSchema, UnknownRecord } from 'tldraw';
import { z } from 'zod';

/** How a stored schema relates to the schema of this client. */
export type SchemaCompatibility = 'same' | 'older' | 'newer';

// Loose on purpose: only the parts the comparison reads; tldraw checks the rest.
const serializedSchemaShape = z.union([
  z.object({ schemaVersion: z.literal(2), sequences: z.record(z.string(), z.number()) }),
  z.object({ schemaVersion: z.literal(1), storeVersion: z.number() }).loose(),
]);

/** The stored schema as tldraw's type, or `null` if the value is not a serialized schema. */
export function parseStoredSchema(value: unknown): SerializedSchema | null {
  const parsed = serializedSchemaShape.safeParse(value);
  return parsed.success ? (value as SerializedSchema) : null;
}

/**
 * Compares a stored schema with this client's. "newer" means this client
 * cannot safely read or write the data: a sequence it does not know, a
 * version ahead of its own, or anything tldraw cannot find a migration path
 * from. Unparseable values count as newer for the same reason.
 */
export function classifyStoredSchema(
  current: StoreSchema<UnknownRecord, unknown>,
  stored: unknown,
): SchemaCompatibility {
  const schema = parseStoredSchema(stored);
  if (!schema) return 'newer';
  if (schema.schemaVersion === 2) {
    const ours = current.serialize().sequences;
    for (const [sequenceId, version] of Object.entries(schema.sequences)) {
      const ourVersion = ours[sequenceId];
      if (ourVersion === undefined || version > ourVersion) return 'newer';
    }
  }
  const migrations = current.getMigrationsSince(schema);
  if (!migrations.ok) return 'newer';
  return migrations.value.length > 0 ? 'older' : 'same';
}

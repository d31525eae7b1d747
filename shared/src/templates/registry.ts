import type { TemplateDefinition } from '../schema/templateDefinition.js';
import { conceptCanvas } from './conceptCanvas.js';
import { empathyMap } from './empathyMap.js';
import { encounterModel } from './encounterModel.js';
import { journeyMap } from './journeyMap.js';
import { persona } from './persona.js';
import { serviceBlueprint } from './serviceBlueprint.js';

/**
 * Every template definition, in the order a template menu shows them: the
 * workshop's own tools first (journey map, encounter model, service
 * blueprint, concept canvas), then the supporting ones.
 */
export const templateDefinitions: readonly TemplateDefinition[] = Object.freeze([
  journeyMap,
  encounterModel,
  serviceBlueprint,
  conceptCanvas,
  empathyMap,
  persona,
]);

/** The ids of {@link templateDefinitions}, in menu order. */
export const templateIds: readonly string[] = Object.freeze(
  templateDefinitions.map((definition) => definition.id),
);

const definitionsById: ReadonlyMap<string, TemplateDefinition> = new Map(
  templateDefinitions.map((definition) => [definition.id, definition]),
);

/**
 * The definition with the given id, or `undefined`: for data from outside
 * (a stored board may name a template this build does not know).
 */
export function findTemplateDefinition(id: string): TemplateDefinition | undefined {
  return definitionsById.get(id);
}

/**
 * The definition with the given id.
 * @throws if no template has that id.
 */
export function getTemplateDefinition(id: string): TemplateDefinition {
  const definition = definitionsById.get(id);
  if (!definition) throw new Error(`unknown template id ${JSON.stringify(id)}`);
  return definition;
}

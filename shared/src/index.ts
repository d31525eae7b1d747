export * from './access/editRefusals.js';
export * from './access/editRules.js';
export * from './protocol/boardInfo.js';
export * from './protocol/closeCodes.js';
export * from './protocol/docLayout.js';
export * from './protocol/limits.js';
export * from './protocol/messageTypes.js';
export * from './protocol/paths.js';
export * from './protocol/refusals.js';
export * from './protocol/uploadTypes.js';
export * from './schema/participantIdentity.js';
export * from './schema/reactions.js';
export * from './schema/roomAccess.js';
export * from './schema/roomId.js';

// Workshop templates: definitions, instances, layout and the field calculations.

export * from './schema/localizedText.js';
export * from './schema/TemplateEditError.js';
export * from './schema/templateDefinition.js';
export * from './schema/templateInstance.js';
export * from './templates/childBox.js';
export * from './templates/conceptCanvas.js';
export * from './templates/costs.js';
export * from './templates/empathyMap.js';
export * from './templates/encounterModel.js';
export * from './templates/feelings.js';
export * from './templates/fit.js';
export * from './templates/journeyMap.js';
export * from './templates/layout.js';
export * from './templates/moodboard.js';
export * from './templates/outcomeFacilitation.js';
export * from './templates/outcomeFormats.js';
export * from './templates/outcomeImport.js';
export * from './templates/outcomes.js';
export * from './templates/persona.js';
export * from './templates/registry.js';
export * from './templates/serviceBlueprint.js';
export * from './templates/sessionSummary.js';
export * from './templates/summaryLabels.js';
export * from './templates/templateContent.js';
export * from './templates/templateShape.js';
export * from './templates/templateShapeProps.js';

// Facilitator toolkit: pure state machines and the control channel contract.

export * from './facilitation/agenda.js';
export * from './facilitation/clockOffset.js';
export * from './facilitation/controlMessages.js';
export * from './facilitation/facilitationRefusals.js';
export * from './facilitation/facilitationState.js';
export * from './facilitation/privateRound.js';
export * from './facilitation/timer.js';
export * from './facilitation/voting.js';

import { renderJsonSchema } from '../source/json-schema.js';
import { stakeholdersSchema } from './stakeholders.js';

/** data/stakeholders.schema.json as committed. */
export function renderStakeholdersJsonSchema(): string {
  return renderJsonSchema(stakeholdersSchema, 'stakeholders.schema.json');
}

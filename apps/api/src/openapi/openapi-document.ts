import type { OpenAPIObject } from '@nestjs/swagger';
import contractSchemas from './contract-schemas.json';

// Nest types schemas as OpenAPI 3.0 ones; these are JSON Schema, as OpenAPI 3.1 has them
// (`type: ['string', 'null']`), which the document declares.
type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;
const CONTRACT_SCHEMAS = contractSchemas as Record<string, unknown> as Schemas;

/**
 * Adds the contracts' JSON Schemas to the document's components, where the routes' success
 * answers point (api-contract.decorator.ts). A contract named like a decorated DTO class would
 * silently replace it: that fails here instead.
 */
export function withContractSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const clash = Object.keys(CONTRACT_SCHEMAS).find((name) => name in schemas);
  if (clash) throw new Error(`OpenAPI: ${clash} is both a contract type and a DTO class`);
  return {
    ...document,
    components: { ...document.components, schemas: { ...schemas, ...CONTRACT_SCHEMAS } },
  };
}

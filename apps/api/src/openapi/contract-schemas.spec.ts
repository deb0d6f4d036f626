import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { contractSchema } from './api-contract.decorator';
import contractSchemas from './contract-schemas.json';
import { withContractSchemas } from './openapi-document';

const ROOT = join(__dirname, '../../../..');
const EMPTY: OpenAPIObject = { openapi: '3.1.0', info: { title: '', version: '' }, paths: {} };

describe('contract schemas', () => {
  it('are what scripts/openapi-schemas.mjs makes of the contracts today (npm run openapi:schemas)', () => {
    const generated = execFileSync('node', ['scripts/openapi-schemas.mjs', '--stdout'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const committed = readFileSync(join(__dirname, 'contract-schemas.json'), 'utf8');
    expect(generated).toEqual(committed);
  }, 60_000);

  it('point every reference at a schema of the document', () => {
    const names = new Set(Object.keys(contractSchemas));
    const targets = [...JSON.stringify(contractSchemas).matchAll(/"\$ref":"([^"]+)"/g)].map(
      ([, ref]) => ref,
    );
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((ref) => !names.has(ref.replace('#/components/schemas/', '')))).toEqual(
      [],
    );
  });

  it('describe a type, or an array of it', () => {
    expect(contractSchema('ProposalDetail')).toEqual({
      $ref: '#/components/schemas/ProposalDetail',
    });
    expect(contractSchema(['ProposalSummary'])).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/ProposalSummary' },
    });
  });

  it('join the DTO classes in the document, refusing a name that is both', () => {
    const document = withContractSchemas({
      ...EMPTY,
      components: { schemas: { CreateProposalDto: { type: 'object' } } },
    });
    expect(document.components?.schemas).toHaveProperty('CreateProposalDto');
    expect(document.components?.schemas).toHaveProperty('ProposalDetail');
    expect(() =>
      withContractSchemas({
        ...EMPTY,
        components: { schemas: { ProposalDetail: { type: 'object' } } },
      }),
    ).toThrow(/ProposalDetail is both/);
  });
});

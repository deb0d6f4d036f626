import type { PanelFeature } from '@permanente/contracts';
import { parseCsv, readApplicationsCsv } from './pool-csv';

const FEATURES: PanelFeature[] = [
  {
    key: 'gender',
    label: 'Genre',
    values: [
      { value: 'woman', label: 'Femme' },
      { value: 'man', label: 'Homme' },
    ],
  },
  {
    key: 'ageBand',
    label: 'Âge',
    values: [
      { value: '18-34', label: '18-34' },
      { value: '35+', label: '35+' },
    ],
  },
];

describe('pool CSV', () => {
  it('parses quotes, doubled quotes, CRLF and semicolons', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
    expect(parseCsv('name;gender\nAnne;woman')).toEqual([
      ['name', 'gender'],
      ['Anne', 'woman'],
    ]);
  });

  it('reads valid applications', () => {
    const { applications, errors } = readApplicationsCsv(
      'name,email,phone,gender,ageBand\nAnne Martin,anne@example.test,,woman,18-34\nBruno,,06 12 34 56 78,man,35+\n',
      FEATURES,
    );
    expect(errors).toEqual([]);
    expect(applications.map((a) => [a.line, a.name, a.email, a.phone, a.features])).toEqual([
      [2, 'Anne Martin', 'anne@example.test', null, { gender: 'woman', ageBand: '18-34' }],
      [3, 'Bruno', null, '06 12 34 56 78', { gender: 'man', ageBand: '35+' }],
    ]);
  });

  it('lists missing and unknown columns', () => {
    const { errors } = readApplicationsCsv(
      'name,email,gender,shoeSize\nA,a@b.fr,woman,42',
      FEATURES,
    );
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['body.csv.columns.ageBand', 'missingColumn'],
      ['body.csv.columns.shoeSize', 'unknownColumn'],
    ]);
  });

  it('lists every bad row and column, and returns no application', () => {
    const { applications, errors } = readApplicationsCsv(
      'name,email,gender,ageBand\nA,a@b.fr,woman,18-34\nB,b@b.fr,femme,18-34\n,,man,99\n',
      FEATURES,
    );
    expect(applications).toEqual([]);
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['body.csv.line3.gender', 'unknownValue'],
      ['body.csv.line4.name', 'required'],
      ['body.csv.line4.email', 'contactRequired'],
      ['body.csv.line4.ageBand', 'unknownValue'],
    ]);
  });
});

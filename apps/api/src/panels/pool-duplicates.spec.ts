import { findDuplicates, normalisePhone } from './pool-duplicates';

const person = (
  line: number,
  name: string,
  email: string | null,
  phone: string | null,
  birthYear: number | null = null,
) => ({
  line,
  name,
  email,
  phone,
  birthYear,
});

describe('duplicates in a pool import', () => {
  it('finds the same email, the same phone, or the same name and year of birth, in the file and in the pool', () => {
    const duplicates = findDuplicates(
      [
        person(2, 'Anne Martin', 'anne@example.test', null),
        person(3, 'A. Martin', 'ANNE@example.test ', null),
        person(4, 'Paul Roux', null, '06 12 34 56 78'),
        person(5, 'Paul R.', null, '+33 6 12 34 56 78'),
        person(6, 'Élise Durand', 'elise@example.test', null, 1980),
        person(7, 'elise  durand', 'autre@example.test', null, 1980),
        person(8, 'Élise Durand', 'troisieme@example.test', null, 1981),
        person(9, 'Jean Petit', 'jean@example.test', null),
      ],
      [
        {
          publicId: 'v-0004',
          name: 'Jean Petit',
          email: 'Jean@Example.test',
          phone: null,
          birthYear: null,
        },
      ],
    );
    expect(duplicates).toEqual([
      { line: 3, matches: 'line 2', reason: 'email' },
      { line: 5, matches: 'line 4', reason: 'phone' },
      { line: 7, matches: 'line 6', reason: 'nameBirthYear' },
      { line: 9, matches: 'v-0004', reason: 'email' },
    ]);
  });

  it('reads French phone numbers alike', () => {
    expect(normalisePhone('0033 6 12 34 56 78')).toBe(normalisePhone('06.12.34.56.78'));
  });
});

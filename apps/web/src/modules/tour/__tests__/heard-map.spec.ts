import { rateClasses } from '../components/HeardMap';

describe('rateClasses', () => {
  it('shades known rates by rank in four classes, unknown ones apart', () => {
    const classes = rateClasses(
      new Map<string, number | null>([
        ['18', 0.5],
        ['28', 2],
        ['36', null],
        ['37', 8],
        ['41', 4],
        ['45', 2],
      ]),
    );
    expect(Object.fromEntries(classes)).toEqual({
      '18': 0,
      '28': 0,
      '45': 0,
      '41': 2,
      '37': 3,
      '36': null,
    });
  });

  it('gives no class when no rate is known', () => {
    expect([...rateClasses(new Map([['18', null]])).values()]).toEqual([null]);
  });
});

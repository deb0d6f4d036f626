import { childLevelOf, isTerritoryLevel, TERRITORY_LEVELS } from './territories';

describe('territory levels', () => {
  it('go from region to bassin de vie, each the child of the previous one', () => {
    expect(TERRITORY_LEVELS).toEqual(['region', 'departement', 'bassin_de_vie']);
    expect(childLevelOf('region')).toBe('departement');
    expect(childLevelOf('departement')).toBe('bassin_de_vie');
    expect(childLevelOf('bassin_de_vie')).toBeNull();
  });

  it('recognise only the known level names', () => {
    expect(isTerritoryLevel('departement')).toBe(true);
    expect(isTerritoryLevel('commune')).toBe(false);
    expect(isTerritoryLevel(3)).toBe(false);
  });
});

import { margin, underHeardPlaces, heardTerritory, emptyTally } from './heard-figures';

const census = new Map([
  ['female', 520],
  ['male', 480],
]);

describe('heard figures', () => {
  it('compares the answers in the census categories; "other" is counted, not compared', () => {
    const result = margin(
      'gender',
      new Map([
        ['female', 30],
        ['male', 10],
        ['other', 10],
      ]),
      census,
      false,
    );
    expect(result.answered).toBe(50);
    expect(result.cells).toEqual([
      { category: 'female', count: 30, share: 0.75, censusShare: 0.52, gap: 0.23 },
      { category: 'male', count: 10, share: 0.25, censusShare: 0.48, gap: -0.23 },
      { category: 'other', count: 10, share: 0.2, censusShare: null, gap: null },
    ]);
    // Half the sum of the absolute gaps.
    expect(result.index).toBe(0.23);
  });

  it('publicly hides a cell of 1 to 9 people and what would give it away; zero stays', () => {
    const counts = new Map([
      ['female', 12],
      ['male', 9],
    ]);
    const full = margin('gender', counts, census, false);
    expect(full.cells[1].count).toBe(9);
    const hidden = margin('gender', counts, census, true);
    expect(hidden).toEqual({
      dimension: 'gender',
      answered: null,
      index: null,
      cells: [
        { category: 'female', count: 12, share: null, censusShare: 0.52, gap: null },
        { category: 'male', count: null, share: null, censusShare: 0.48, gap: null },
        { category: 'other', count: 0, share: null, censusShare: null, gap: null },
      ],
    });
    // Ten and more, or none: everything is public.
    const shown = margin('gender', new Map([['female', 10]]), census, true);
    expect(shown.answered).toBe(10);
    expect(shown.index).toBe(0.48);
  });

  it('has no share, gap nor index without a census or without answers', () => {
    const noCensus = margin('ageBand', new Map([['18_24', 3]]), undefined, false);
    expect(noCensus.index).toBeNull();
    expect(noCensus.cells.find((c) => c.category === '18_24')).toMatchObject({
      share: 1,
      censusShare: null,
      gap: null,
    });
    const noAnswer = margin('gender', new Map(), census, false);
    expect(noAnswer).toMatchObject({ answered: 0, index: null });
  });

  it('lists bassins by participation per 1,000, lowest first, unknown populations last', () => {
    const bassin = (name: string, population: number | null, participants: number) =>
      heardTerritory(
        { id: name, code: name, name, level: 'bassin_de_vie', population, parent_id: null },
        { ...emptyTally(), participants },
        undefined,
        true,
      );
    const places = underHeardPlaces([
      bassin('Tours', null, 50),
      bassin('Vierzon', 1000, 20),
      bassin('Gien', 2000, 4),
      bassin('Blois', 1000, 20),
    ]);
    expect(places.map((p) => [p.name, p.participationPer1000])).toEqual([
      ['Gien', 2],
      ['Blois', 20],
      ['Vierzon', 20],
      ['Tours', null],
    ]);
  });
});

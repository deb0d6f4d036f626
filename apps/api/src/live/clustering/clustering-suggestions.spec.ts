import { readableLabel, suggestDuplicates, suggestGroups } from './clustering-suggestions';
import { foldFrench, keywords, similarity } from './french-text';

// Sticky notes as people write them at a Fabrik, with the duplicates a facilitator would merge.
const NOTES: Array<[string, string]> = [
  ['a1', 'Plus de bus le soir pour rentrer du travail'],
  ['a2', 'des bus plus tard le soir !'],
  ['a3', 'Un bus le dimanche'],
  ['b1', 'Une maison de santé dans chaque canton'],
  ['b2', 'maisons de sante pluridisciplinaires'],
  ['b3', 'Manque de médecins généralistes'],
  ['b4', 'Trop peu de medecins generalistes ici'],
  ['c1', 'Des activités pour les jeunes le week-end'],
  ['c2', 'Un lieu pour la jeunesse'],
  ['c3', 'Activites pour les jeunes pendant les vacances'],
  ['d1', 'Pistes cyclables entre les villages'],
  ['d2', 'piste cyclable vers la gare'],
  ['e1', 'Internet très haut débit partout'],
  ['f1', 'Soutenir les commerces de proximité'],
];
const TRUE_DUPLICATES = [
  ['a1', 'a2'],
  ['b1', 'b2'],
  ['b3', 'b4'],
  ['c1', 'c3'],
  ['d1', 'd2'],
].map((pair) => pair.sort().join('+'));

describe('French text similarity', () => {
  it('folds accents, case and plurals', () => {
    expect(foldFrench('Mobilité DOUCE, santé !')).toBe('mobilite douce sante');
    expect(keywords('Les mobilités')).toEqual(keywords('mobilite'));
    expect(keywords('jeunes')).toEqual(keywords('jeune'));
    expect(similarity('médecins généralistes', 'medecin generaliste')).toBe(1);
  });

  it('finds most duplicates a facilitator would merge, with few false alarms', () => {
    const found = suggestDuplicates(NOTES.map(([id, text]) => ({ id, text }))).map((s) =>
      [...s.ideaIds].sort().join('+'),
    );
    const truePositives = found.filter((pair) => TRUE_DUPLICATES.includes(pair)).length;
    const precision = truePositives / found.length;
    const recall = truePositives / TRUE_DUPLICATES.length;
    // Measured: see docs/clustering.md. These floors make a regression fail.
    expect(recall).toBeGreaterThanOrEqual(0.8);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });

  it('groups related notes by theme with a readable label', () => {
    const groups = suggestGroups(NOTES.map(([id, text]) => ({ id, text })));
    const byIdea = new Map(
      groups.flatMap((g, index) => g.ideaIds.map((id) => [id, index] as const)),
    );
    expect(byIdea.get('a1')).toBe(byIdea.get('a3')); // bus
    expect(byIdea.get('c1')).toBe(byIdea.get('c3')); // jeunes
    expect(byIdea.get('a1')).not.toBe(byIdea.get('b1'));
    expect(byIdea.has('e1')).toBe(false); // alone
    expect(groups.find((g) => g.ideaIds.includes('a1'))!.label).toMatch(/^Bus\b/); // as written, capitalised
  });
});

describe('readable suggestion labels', () => {
  it('names a group with the words people wrote, never with stems', () => {
    const groups = suggestGroups([
      { id: '1', text: 'Une maison de santé dans le canton' },
      { id: '2', text: 'maisons de sante pluridisciplinaires' },
      { id: '3', text: 'La maison de santé du bourg' },
    ]);
    expect(groups).toHaveLength(1);
    // "maison" is written twice, "maisons" once; "santé" (accented) wins over "sante".
    expect(groups[0].label).toBe('Maison, santé');
  });

  it('keeps the most frequent spelling of each stem, and plain words as they are', () => {
    const groups = suggestGroups([
      { id: '1', text: 'Plus de bus le soir pour le marché du samedi' },
      { id: '2', text: 'des bus le samedi soir, jour de marché' },
    ]);
    expect(groups[0].label).toBe('Bus, marché, samedi');
  });

  it('chooses among spellings by count, then accents, then length', () => {
    expect(readableLabel(['jeun'], ['les jeunes', 'des jeunes', 'la jeunesse'])).toBe('Jeunes');
    expect(readableLabel(['mobil'], ['mobilite', 'mobilité'])).toBe('Mobilité');
    expect(readableLabel(['velo'], ['vélo', 'velo', 'velo'])).toBe('Velo');
    // A stem no text holds (cannot happen from suggestGroups) is shown as it is.
    expect(readableLabel(['xyz'], ['rien'])).toBe('Xyz');
  });

  it('labels every group of the Fabrik notes with written words only', () => {
    const groups = suggestGroups(NOTES.map(([id, text]) => ({ id, text })));
    const written = new Set(
      NOTES.flatMap(([, text]) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u)),
    );
    for (const group of groups)
      for (const word of group.label.toLowerCase().split(', ')) expect(written).toContain(word);
  });
});

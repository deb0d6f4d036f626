import { csvCell, csvLine } from './csv.util';

describe('csv', () => {
  it('quotes what needs quoting and doubles quotes', () => {
    expect(csvLine(['a', 'b,c', 'd "e"', 'f\ng', null, 3])).toBe('a,"b,c","d ""e""","f\ng",,3');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+33 6 00')).toBe("'+33 6 00");
    expect(csvCell('-')).toBe("'-");
  });
});

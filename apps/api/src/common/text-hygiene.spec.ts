import { badTextReason, findBadText } from './text-hygiene';

describe('text hygiene', () => {
  it('refuses NUL and lone surrogates, and accepts every well-formed text', () => {
    expect(badTextReason('a\u0000b')?.code).toBe('nulCharacter');
    expect(badTextReason('\ud800')?.code).toBe('loneSurrogate');
    expect(badTextReason('x\udfff')?.code).toBe('loneSurrogate');
    expect(badTextReason('\udc00\ud800')?.code).toBe('loneSurrogate');
    for (const fine of ['', 'Démocratie', 'émoji 🗳️ ok', '\ud83d\uddf3', 'tab\tand\nline', '%00'])
      expect(badTextReason(fine)).toBeNull();
  });

  it('names every refused string by its path, keys included, and ignores other types', () => {
    expect(
      findBadText(
        {
          title: 'ok',
          options: ['a', 'b\u0000', 3, null],
          nested: { deeper: { text: '\ud800' } },
          dots: { ['x\u0000']: 1 },
        },
        'body',
      ),
    ).toEqual([
      {
        field: 'body.options.1',
        code: 'nulCharacter',
        reason: '1 contains a NUL character (U+0000)',
      },
      {
        field: 'body.nested.deeper.text',
        code: 'loneSurrogate',
        reason: 'text contains a lone UTF-16 surrogate (not valid Unicode)',
      },
      {
        field: 'body.dots',
        code: 'nulCharacter',
        reason: 'a key of dots contains a NUL character (U+0000)',
      },
    ]);
    expect(findBadText('a\u0000', 'params.id')).toEqual([
      { field: 'params.id', code: 'nulCharacter', reason: 'id contains a NUL character (U+0000)' },
    ]);
    expect(findBadText({ n: 1, b: true, z: null, list: [[['deep']]] }, 'body')).toEqual([]);
  });

  it('walks a very deep value without overflowing the stack, and lists at most ten fields', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadText(deep, 'body')).toHaveLength(1);
    expect(findBadText(Array(50).fill('\u0000'), 'body')).toHaveLength(10);
  });
});

import { isJoinCode, JOIN_CODE_ALPHABET, joinCodeProblem, normaliseJoinCode } from './participants';

describe('join codes', () => {
  it('reads look-alikes as the code’s own characters: O as 0, I and L as 1', () => {
    expect(normaliseJoinCode('k7p2qo')).toBe('K7P2Q0');
    expect(normaliseJoinCode('AB I-L cd')).toBe('AB11CD');
    expect(isJoinCode(normaliseJoinCode('k7p-2q o'))).toBe(true);
  });

  it('never draws a letter that is read as a digit', () => {
    for (const letter of 'OIL') expect(JOIN_CODE_ALPHABET).not.toContain(letter);
    // Every code of the former alphabet (no 0 or 1) stays valid.
    expect(isJoinCode('K7P2QX')).toBe(true);
  });

  it('names the first wrong character, counting from 1, then the length', () => {
    expect(joinCodeProblem('K7P2Q!')).toEqual({ reason: 'character', position: 6, character: '!' });
    expect(joinCodeProblem(normaliseJoinCode('k7é2qx'))).toEqual({
      reason: 'character',
      position: 3,
      character: 'É',
    });
    expect(joinCodeProblem('K7P2Q')).toEqual({ reason: 'length', length: 5 });
    expect(joinCodeProblem('K7P2QXY')).toEqual({ reason: 'length', length: 7 });
    expect(joinCodeProblem('')).toEqual({ reason: 'empty' });
    expect(joinCodeProblem('K7P2QX')).toBeNull();
  });
});

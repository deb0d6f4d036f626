import { SqlParameters } from './sql-parameters';

describe('SqlParameters', () => {
  it('numbers placeholders in the order values are added, after the initial ones', () => {
    const parameters = new SqlParameters(['2026-01-01']);
    expect(parameters.add('a')).toBe('$2');
    expect(parameters.add(3)).toBe('$3');
    expect(parameters.values).toEqual(['2026-01-01', 'a', 3]);
  });

  it('forks a copy that grows without changing the original', () => {
    const filter = new SqlParameters();
    filter.add('x');
    const page = filter.fork();
    expect(page.add(20)).toBe('$2');
    expect(page.add(40)).toBe('$3');
    expect(page.values).toEqual(['x', 20, 40]);
    expect(filter.values).toEqual(['x']);
    expect(filter.add('y')).toBe('$2');
  });
});

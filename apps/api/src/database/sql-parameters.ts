/** A query placeholder (`$1`, `$2`...). */
export type SqlPlaceholder = `$${number}`;

/**
 * The values of one parameterised statement, built up with its SQL: `add` keeps the value
 * and answers the placeholder to write in its place, so a value never enters the SQL text.
 * `fork` copies the values so far, for statements that share a WHERE clause and differ after
 * it (a page and its count).
 */
export class SqlParameters {
  private readonly list: unknown[];

  constructor(initial: unknown[] = []) {
    this.list = [...initial];
  }

  add(value: unknown): SqlPlaceholder {
    this.list.push(value);
    return `$${this.list.length}`;
  }

  fork(): SqlParameters {
    return new SqlParameters(this.list);
  }

  get values(): unknown[] {
    return [...this.list];
  }
}

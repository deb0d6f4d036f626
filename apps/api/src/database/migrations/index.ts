import { Territories1764201600000 } from './1764201600000-Territories';

/** The committed migrations, oldest first. A new migration is added at the end. */
export const migrations = [Territories1764201600000];

export type DatabaseKind = 'embedded' | 'postgres';

export interface HealthResponse {
  status: 'ok' | 'unavailable';
  /** Version of the Permanente API. */
  version: string;
  database: {
    reachable: boolean;
    kind: DatabaseKind;
    /** `SELECT version()` of the server, when reachable. */
    serverVersion?: string;
    /** Applied migrations, newest last. */
    migrations?: number;
  };
  uptimeSeconds: number;
}

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
  /**
   * How live events reach the sockets of other API instances: `memory` (one instance) or
   * `redis` (the socket.io Redis Streams adapter). Redis being down does not make the API
   * unhealthy: writes still work and phones catch up from the database when events resume.
   */
  liveFanout: { mode: 'memory' } | { mode: 'redis'; reachable: boolean };
  uptimeSeconds: number;
}

/** `GET /api/health/live`: the process runs; says nothing of the database. */
export interface LivenessResponse {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}

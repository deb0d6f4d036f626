import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock';

export interface EmbeddedDatabase {
  /** A `postgres://` URL for the ordinary `pg` driver, on a loopback port. */
  url: string;
  dataDir: string | null;
  close(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder to persist to; null keeps everything in memory (tests). */
  dataDir: string | null;
  /** Connections the socket server accepts: at least the pool size (see docs/database.md). */
  maxConnections: number;
  /** Loopback port; 0 picks a free one. */
  port?: number;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) in this process and serves it over
 * the PostgreSQL wire protocol on 127.0.0.1, so TypeORM's `pg` driver, the migrations
 * and every query run exactly as against a real server: there is no second code path.
 */
export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // One process at a time in the folder: PGlite has no lock of its own, and a second process
  // (a command-line tool while the server runs) would corrupt the database.
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  // unaccent: the proposals' French full-text search folds accents; btree_gin: the territory
  // and the status in the search's GIN index (docs/proposals.md).
  let db: PGlite;
  try {
    db = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      extensions: { unaccent, btree_gin },
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    unlock();
    throw error;
  }
  let closed = false;
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    dataDir: options.dataDir,
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      // Closing flushes PGlite's files: without it the last writes may not reach the disk.
      await db.close();
      unlock();
    },
  };
}

import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file, in the embedded database's folder, that names the process using it. */
export const LOCK_FILE = 'permanente.lock';

/**
 * The embedded database's folder is used by another live process (the server, or a
 * command-line tool): opening it a second time would corrupt it.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    command: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (${command || 'unknown'}), ` +
        'most likely the server (npm start): stop it first (Ctrl+C), or use the field screen ' +
        `(/facilitator/field) instead. If no such process runs, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

interface LockHolder {
  pid: number;
  command: string;
}

function holderOf(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number'
      ? { pid: holder.pid, command: String(holder.command ?? '') }
      : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder for this process (a file with its pid, created exclusively), or refuses
 * with DataDirInUseError while another live process holds it. A lock left by a process that
 * died (a crash, a power cut) is taken over. Answers the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({
    pid: process.pid,
    command: process.argv
      .slice(1)
      .map((arg) => arg.split('/').pop())
      .join(' '),
    since: new Date().toISOString(),
  });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = holderOf(path);
      if (holder && holder.pid !== process.pid && alive(holder.pid))
        throw new DataDirInUseError(dataDir, holder.pid, holder.command);
      unlinkSync(path);
    }
  }
  return () => {
    if (holderOf(path)?.pid === process.pid) unlinkSync(path);
  };
}

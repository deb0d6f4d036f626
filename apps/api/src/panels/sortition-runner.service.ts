import { Injectable, Logger, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PANEL_DRAW_ERRORS } from '@permanente/contracts';
import type {
  SortitionJob,
  SortitionJobReply,
  SortitionProgress,
  SortitionWorkerMessage,
} from './sortition-job';

/** A job stopped by its caller (a cancelled draw): the worker was ended, nothing is returned. */
export class SortitionAbortedError extends Error {
  constructor() {
    super('The draw was cancelled');
  }
}

export interface RunOptions {
  onProgress?: (progress: SortitionProgress) => void;
  /** Aborting ends the worker if the job runs (the solver cannot be interrupted otherwise). */
  signal?: AbortSignal;
}

/** Jobs waiting behind the running one before new ones are refused (503). */
const MAX_QUEUED = 4;
/** Leximin on ~1,000 volunteers takes ~10 s warm on this hardware; the limit leaves room. */
const DEFAULT_TIMEOUT_MS = 120_000;

interface Pending {
  job: SortitionJob;
  options: RunOptions;
  resolve: (reply: SortitionJobReply) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs sortition jobs in one worker thread, one at a time, off the event loop. A job that
 * exceeds the time limit ends the worker (the solver cannot be interrupted otherwise) and is
 * refused with 503 `solverTimeout`; the next job starts a new worker. Nothing is stored by the
 * runner: callers store the result only once they have it.
 */
@Injectable()
export class SortitionRunner implements OnModuleDestroy {
  private readonly logger = new Logger('Sortition');
  private worker: Worker | null = null;
  private queue: Pending[] = [];
  private running: { id: number; pending: Pending; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;
  /** Time limit per job (tests lower it). */
  timeoutMs = Number(process.env['SORTITION_TIMEOUT_MS']) || DEFAULT_TIMEOUT_MS;

  run(job: SortitionJob, options: RunOptions = {}): Promise<SortitionJobReply> {
    if (this.queue.length >= MAX_QUEUED)
      return Promise.reject(
        new ServiceUnavailableException(
          `The draw engine is busy (${PANEL_DRAW_ERRORS.busy}): try again in a minute`,
        ),
      );
    return new Promise((resolve, reject) => {
      const pending: Pending = { job, options, resolve, reject };
      if (options.signal?.aborted) return reject(new SortitionAbortedError());
      options.signal?.addEventListener('abort', () => this.abort(pending), { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  onModuleDestroy(): void {
    this.stopWorker();
    for (const pending of this.queue)
      pending.reject(new ServiceUnavailableException('The server is stopping'));
    this.queue = [];
  }

  private abort(pending: Pending): void {
    if (this.running?.pending === pending) {
      this.stopWorker();
      this.finish(this.running.id, new SortitionAbortedError());
      return;
    }
    const index = this.queue.indexOf(pending);
    if (index < 0) return;
    this.queue.splice(index, 1);
    pending.reject(new SortitionAbortedError());
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const pending = this.queue.shift()!;
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.logger.warn(`sortition job timed out after ${this.timeoutMs} ms; restarting the worker`);
      this.stopWorker();
      this.finish(
        id,
        new ServiceUnavailableException(
          `The draw took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped (${PANEL_DRAW_ERRORS.timeout}); nothing was stored`,
        ),
      );
    }, this.timeoutMs);
    this.running = { id, pending, timer };
    worker.postMessage({ id, job: pending.job });
  }

  private finish(id: number, outcome: SortitionJobReply | Error): void {
    if (!this.running || this.running.id !== id) return;
    const { pending, timer } = this.running;
    clearTimeout(timer);
    this.running = null;
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
    this.pump();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const compiled = join(__dirname, 'sortition-worker.js');
    const worker = existsSync(compiled)
      ? new Worker(compiled, { workerData: { sortitionWorker: true } })
      : // Under Jest the sources are TypeScript: compile them on the fly with SWC in the worker.
        new Worker(TS_BOOTSTRAP, {
          eval: true,
          workerData: { sortitionWorker: true, entry: join(__dirname, 'sortition-worker.ts') },
        });
    worker.unref();
    worker.on('message', (message: SortitionWorkerMessage) => {
      if ('reply' in message) return this.finish(message.id, message.reply);
      if (this.running?.id === message.id)
        this.running.pending.options.onProgress?.(message.progress);
    });
    worker.on('error', (error) => {
      this.logger.error(`sortition worker failed: ${error.message}`);
      if (this.worker === worker) this.worker = null;
      if (this.running) this.finish(this.running.id, error);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
  }
}

const TS_BOOTSTRAP = `
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(workerData.entry);
`;

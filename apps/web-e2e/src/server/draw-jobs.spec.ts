import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForHealth } from '../support/server-process';

const PORT = 3372;
const base = `http://127.0.0.1:${PORT}`;

interface Job {
  id: string;
  status: string;
  attempts: number;
  drawId: string | null;
  progress: { stage: number } | null;
}

async function http<T>(path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, response };
}

test.describe('draw jobs', () => {
  test.setTimeout(480_000);

  test('a draw running when the API is killed is resumed by the next process and completes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'permanente-draw-jobs-'));
    // The embedded database (PGlite), as `npm start` on a fresh clone; a short stale delay so
    // the restarted process takes the interrupted job back quickly.
    const env = {
      DATA_DIR: dataDir,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      DEMO_DATA: 'true',
      SORTITION_JOB_STALE_MS: '3000',
    };
    try {
      const first = startServer(env);
      await waitForHealth(base, 150_000);
      const login = await http<{ csrfToken: string }>('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({
          email: 'organisation@permanente.test',
          password: 'demo-organisation',
        }),
      });
      expect(login.status).toBe(200);
      const headers = {
        cookie: (login.response.headers.get('set-cookie') ?? '').split(';')[0],
        'x-csrf-token': login.body.csrfToken,
      };
      const panels = await http<Array<{ id: string; volunteerCount: number }>>('/api/panels', {
        headers,
      });
      const cher = panels.body.find((panel) => panel.volunteerCount === 300)!;
      // The demo Cher panel (300 volunteers, 24 seats, leximin): started, answered at once.
      const started = await http<Job>(`/api/panels/${cher.id}/draws`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      expect(started.status).toBe(202);
      expect(started.body.status).toBe('queued');
      const jobPath = `/api/panels/${cher.id}/draw-jobs/${started.body.id}`;
      // A second draw while it runs is a conflict.
      const second = await http(`/api/panels/${cher.id}/draws`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ seed: 'another seed' }),
      });
      expect(second.status).toBe(409);
      // Killed while the solver runs (no graceful stop: a crash).
      for (;;) {
        const job = await http<Job>(jobPath, { headers });
        expect(job.body.status).not.toBe('done');
        if (job.body.status === 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      first.child.kill('SIGKILL');
      await first.exited;

      const second2 = startServer(env);
      try {
        await waitForHealth(base, 150_000);
        const interrupted = await http<Job>(jobPath, { headers });
        expect(interrupted.status).toBe(200);
        expect(['queued', 'running']).toContain(interrupted.body.status);
        let job = interrupted.body;
        const deadline = Date.now() + 180_000;
        while ((job.status === 'queued' || job.status === 'running') && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          job = (await http<Job>(jobPath, { headers })).body;
        }
        expect(job.status).toBe('done');
        expect(job.attempts).toBe(2);
        const panel = await http<{ draws: Array<{ id: string; panel: string[] }> }>(
          `/api/panels/${cher.id}`,
          { headers },
        );
        expect(panel.body.draws.map((draw) => draw.id)).toEqual([job.drawId]);
        expect(panel.body.draws[0].panel).toHaveLength(24);
      } finally {
        second2.child.kill('SIGTERM');
        await second2.exited;
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

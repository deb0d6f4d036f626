import { normaliseJoinCode } from '@permanente/contracts';
import compression from 'compression';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** Written by the web build (apps/web/build/prerender-join.mts); keep the two in step. */
export const JOIN_SHELL_FILE = 'join.html';
export const JOIN_CODE_PLACEHOLDER = 'X9X9X9';

/** Hashed file names: their content never changes, a browser may keep them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html, the service worker, the manifest: asked again (a 304 when unchanged) every time. */
export const REVALIDATE = 'no-cache';

interface StaticFile {
  path: string;
  /** `.br` and `.gz` siblings written at build (apps/web/build/precompress.mts). */
  br: boolean;
  gz: boolean;
}

const isApiPath = (path: string) => /^\/(api|live)(\/|$)/.test(path);

function listFiles(dir: string, root: string, into: Map<string, StaticFile>, production: boolean) {
  for (const name of readdirSync(dir)) {
    // Dot folders (.vite/manifest.json) are build data, never served.
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      listFiles(path, root, into, production);
      continue;
    }
    if (name.endsWith('.br') || name.endsWith('.gz')) continue;
    // Source maps stay private in production (the build does not write them by default).
    if (production && name.endsWith('.map')) continue;
    const url = `/${relative(root, path).split(sep).join('/')}`;
    into.set(url, { path, br: existsSync(`${path}.br`), gz: existsSync(`${path}.gz`) });
  }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}

/** `/join` or `/join/<code>`: the code of the address, '' without one; null for other pages. */
function joinCode(path: string): string | null {
  const match = /^\/join(?:\/([^/]+))?\/?$/.exec(path);
  if (!match) return null;
  if (!match[1]) return '';
  try {
    return normaliseJoinCode(decodeURIComponent(match[1]));
  } catch {
    return normaliseJoinCode(match[1]);
  }
}

/**
 * Serves the built web app (WEB_ROOT) from the files found at start-up:
 * - each file in its precompressed form (`Content-Encoding: br`, else `gzip`) when the
 *   browser accepts it, with `Vary: Accept-Encoding`; never compressed again per request;
 * - hashed assets (`/assets/`) cached for a year as immutable, everything else revalidated;
 * - every page address answered with index.html, and /join, /join/<code> with the
 *   prerendered join page (the form in the HTML, the code of the address filled in);
 * - no source map in production.
 * Returns null when the folder has no index.html.
 */
export function webAppHandler(
  webRoot: string,
  options: { production: boolean },
): RequestHandler | null {
  const indexPath = join(webRoot, 'index.html');
  if (!existsSync(indexPath)) return null;
  const files = new Map<string, StaticFile>();
  listFiles(webRoot, webRoot, files, options.production);
  const joinShellPath = join(webRoot, JOIN_SHELL_FILE);
  const joinShell = existsSync(joinShellPath) ? readFileSync(joinShellPath, 'utf8') : null;
  const placeholder = `value="${JOIN_CODE_PLACEHOLDER}"`;

  const sendFile = (
    request: Request,
    response: Response,
    next: NextFunction,
    file: StaticFile,
    url: string,
  ) => {
    response.type(extname(file.path));
    response.setHeader('Cache-Control', url.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    let path = file.path;
    if (file.br || file.gz) {
      response.vary('Accept-Encoding');
      // Our preference, not the header's order (browsers list gzip before br): the smaller.
      const encoding =
        file.br && request.acceptsEncodings('br') === 'br'
          ? 'br'
          : file.gz && request.acceptsEncodings('gzip') === 'gzip'
            ? 'gzip'
            : null;
      if (encoding) {
        response.setHeader('Content-Encoding', encoding);
        path = `${file.path}.${encoding === 'br' ? 'br' : 'gz'}`;
      }
    }
    // A byte range of a compressed file would not be the range asked for: whole files only.
    response.sendFile(
      path,
      { acceptRanges: false, cacheControl: false, dotfiles: 'deny' },
      (error) => {
        if (error && !response.headersSent) next(error);
      },
    );
  };

  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const path = request.path;
    if (isApiPath(path)) return next();
    const file = files.get(path);
    if (file) return sendFile(request, response, next, file, path);
    if (extname(path) !== '') return next();
    const code = joinShell === null ? null : joinCode(path);
    if (code !== null && joinShell !== null) {
      response.setHeader('Cache-Control', REVALIDATE);
      response.type('html').send(joinShell.replace(placeholder, `value="${escapeHtml(code)}"`));
      return;
    }
    sendFile(request, response, next, files.get('/index.html')!, '/index.html');
  };
}

/**
 * Compression of the responses made per request (the API's JSON, the join page). Files that
 * are precompressed carry their Content-Encoding already and are left alone (so are images);
 * socket.io's long-polling (/live) compresses itself and is never touched here.
 */
export function dynamicCompression(): RequestHandler {
  return compression({
    filter: (request, response) =>
      !/^\/live(\/|$)/.test(request.path) && compression.filter(request, response),
  });
}

import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';

/** How long a shared cache (the reverse proxy) may serve a public answer without asking again. */
export const PUBLIC_CACHE_SECONDS = 5;

/**
 * `cache-control` of a public GET whose answer is the same for every caller (no cookie, token or
 * address changes it), and which may be a few seconds stale: the proposals list, the tour.
 * Browsers revalidate each time (`max-age=0`; the ETag makes that a 304), but a shared cache —
 * the nginx of docker/nginx.conf — may answer from its copy for PUBLIC_CACHE_SECONDS, so that a
 * burst of visitors costs the API one request per URL every few seconds.
 */
export const PUBLIC_CACHE_CONTROL = `public, max-age=0, s-maxage=${PUBLIC_CACHE_SECONDS}`;

/** Sets the header once the handler has succeeded: an error must never be cached. */
@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(tap(() => response.setHeader('cache-control', PUBLIC_CACHE_CONTROL)));
  }
}

/** (Nest's `@Header()` would also mark the 400s and 404s: it is set before the handler runs.) */
export const PublicCache = (): MethodDecorator & ClassDecorator =>
  UseInterceptors(PublicCacheInterceptor);

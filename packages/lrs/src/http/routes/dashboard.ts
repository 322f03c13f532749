import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/**
 * Only what the dashboard needs: its own scripts, styles and API calls (no inline script, no other
 * origin, no framing). React sets styles through the DOM, which `style-src 'self'` allows.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * `/dashboard/`: the analysts' dashboard (`packages/dashboard`), served from its build folder.
 * Without a build it answers 503 with the command that builds it.
 */
export function dashboardRoutes(dir: string | null): Router {
  const router = Router({ strict: true });
  const built = dir !== null && existsSync(join(dir, 'index.html'));
  router.use((req, res, next) => {
    res.set('Content-Security-Policy', CSP);
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
    // `/dashboard` → `/dashboard/`, so that the page's relative URLs resolve inside it.
    if (req.originalUrl.split('?')[0] === '/dashboard') return res.redirect(301, '/dashboard/');
    next();
  });
  if (!built) {
    router.use((_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built. Run: npm run build -w @course/dashboard (npm start does it).\n');
    });
    return router;
  }
  router.use(express.static(dir, { index: 'index.html', fallthrough: true, maxAge: 0 }));
  return router;
}

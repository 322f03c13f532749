import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import express, { type Express } from 'express';
import { AttemptStore, type Attempt } from './attempt-store.js';
import type { ImportedPackage } from './package-store.js';
import { indexPage, launchPage, statementsPage } from './pages.js';

export interface LrsLink {
  /** The xAPI base URL, ending in `/xapi/`. */
  endpoint: string;
  /** `Basic …` for a credential limited to statements/write: handed to the package at launch. */
  writeAuth: string;
  /** `Basic …` for a read credential: used only by this server for the statements page. */
  readAuth: string;
}

export interface PreviewOptions {
  packages: ImportedPackage[];
  lrs?: LrsLink;
  /** Where attempts are kept across restarts; null keeps them in memory only. */
  dataDir: string | null;
  learner?: { id: string; name: string };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsd': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
};

const require = createRequire(import.meta.url);
const SCORM12_RUNTIME = readFileSync(require.resolve('scorm-again/scorm12/min'));
const SCORM2004_RUNTIME = readFileSync(require.resolve('scorm-again/scorm2004/min'));

/**
 * The preview LMS: imports packages, launches them with scorm-again as the SCORM 1.2 API (`window.API`)
 * or the SCORM 2004 API (`window.API_1484_11`), keeps attempts.
 */
export function createPreviewApp(options: PreviewOptions): Express {
  const learner = options.learner ?? { id: 'preview-learner', name: 'Learner, Preview' };
  const attempts = new AttemptStore(options.dataDir);
  const byName = new Map(options.packages.map((p) => [p.name, p]));
  const app = express();
  app.disable('x-powered-by');

  const pkgOr404 = (name: string, res: express.Response) => {
    const pkg = byName.get(name);
    if (!pkg) res.status(404).type('text/plain').send(`No package named ${name}`);
    return pkg;
  };
  const attemptKey = (pkg: string) => `${pkg}--${learner.id}`;

  app.get('/', (_req, res) => {
    res.type('html').send(indexPage(options.packages, options.lrs?.endpoint));
  });

  app.get('/runtime/scorm12.min.js', (_req, res) => {
    res.type('text/javascript').send(SCORM12_RUNTIME);
  });

  app.get('/runtime/scorm2004.min.js', (_req, res) => {
    res.type('text/javascript').send(SCORM2004_RUNTIME);
  });

  app.get('/launch/:name', (req, res) => {
    const pkg = pkgOr404(req.params.name, res);
    if (!pkg) return;
    let attempt = attempts.get(attemptKey(pkg.name));
    if (!attempt) {
      attempt = { registration: randomUUID(), commits: 0, updated: new Date().toISOString() };
      attempts.put(attemptKey(pkg.name), attempt);
    }
    const origin = `${req.protocol}://${req.get('host')}`;
    const params = new URLSearchParams();
    if (options.lrs) {
      // xAPI launch parameters (Rustici launch, "lms_lrs.md"): the package gets the LRS and a
      // write-only credential at launch time; nothing secret is inside the zip.
      params.set('endpoint', options.lrs.endpoint);
      params.set('auth', options.lrs.writeAuth);
      params.set(
        'actor',
        JSON.stringify({
          objectType: 'Agent',
          name: learner.name,
          account: { homePage: origin, name: learner.id },
        }),
      );
      params.set('registration', attempt.registration);
    }
    const query = params.toString();
    res.type('html').send(
      launchPage(pkg, {
        packageName: pkg.name,
        attemptUrl: `/api/attempts/${encodeURIComponent(pkg.name)}`,
        launchUrl: `/pkg/${encodeURIComponent(pkg.name)}/${pkg.launch}${query ? `${pkg.launch.includes('?') ? '&' : '?'}${query}` : ''}`,
        learner,
        masteryScore: pkg.masteryScore,
        scaledPassingScore: pkg.scaledPassingScore,
      }),
    );
  });

  app.get('/pkg/:name/*path', (req, res) => {
    const pkg = pkgOr404(req.params.name, res);
    if (!pkg) return;
    const path = (req.params as unknown as { path: string[] }).path.join('/');
    const file = pkg.files.get(path);
    if (!file) {
      res.status(404).type('text/plain').send(`${path} is not in package ${pkg.name}`);
      return;
    }
    res.type(TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream').send(file);
  });

  app.get('/api/attempts/:name', (req, res) => {
    const attempt = attempts.get(attemptKey(req.params.name));
    if (!attempt?.cmi) {
      res.status(404).json({ message: 'no committed data yet' });
      return;
    }
    res.json(attempt);
  });

  // scorm-again POSTs commits as JSON, and the commit at Terminate as a sendBeacon with the same JSON
  // labelled text/plain (a beacon cannot send application/json): both are read as JSON.
  const commitBody = express.json({ limit: '1mb', type: ['application/json', 'text/plain'] });
  app.post('/api/attempts/:name', commitBody, (req, res) => {
    const pkg = pkgOr404(req.params.name, res);
    if (!pkg) return;
    const body = req.body as { cmi?: Record<string, unknown> } | undefined;
    if (!body || typeof body.cmi !== 'object') {
      res
        .status(400)
        .json({ result: false, errorCode: 101, message: 'expected a JSON body with a "cmi" object' });
      return;
    }
    const previous = attempts.get(attemptKey(pkg.name));
    const attempt: Attempt = {
      registration: previous?.registration ?? randomUUID(),
      cmi: body.cmi,
      commits: (previous?.commits ?? 0) + 1,
      updated: new Date().toISOString(),
    };
    attempts.put(attemptKey(pkg.name), attempt);
    res.json({ result: true, errorCode: 0 });
  });

  app.delete('/api/attempts/:name', (req, res) => {
    attempts.delete(attemptKey(req.params.name));
    res.status(204).end();
  });

  app.get('/statements', async (_req, res) => {
    if (!options.lrs) {
      res.type('html').send(statementsPage([], 'No LRS is configured for this preview.'));
      return;
    }
    try {
      const r = await fetch(`${options.lrs.endpoint}statements?limit=50`, {
        headers: { Authorization: options.lrs.readAuth, 'X-Experience-API-Version': '2.0.0' },
      });
      if (!r.ok) throw new Error(`the LRS answered ${r.status}: ${await r.text()}`);
      const body = (await r.json()) as { statements: Array<Record<string, unknown>> };
      res.type('html').send(statementsPage(body.statements));
    } catch (error) {
      res
        .status(502)
        .type('html')
        .send(statementsPage([], `Could not read statements: ${(error as Error).message}`));
    }
  });

  return app;
}

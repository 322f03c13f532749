import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import request from 'supertest';
import { createPreviewApp, importPackage, PackageImportError, type ImportedPackage } from '../src/index';

async function samplePackage(): Promise<ImportedPackage> {
  const zip = new JSZip();
  zip.file(
    'imsmanifest.xml',
    `<manifest><organizations default="O"><organization identifier="O"><title>Law &amp; order</title>
<item identifier="I" identifierref="R"><title>x</title><adlcp:masteryscore>80</adlcp:masteryscore></item></organization></organizations>
<resources><resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources></manifest>`,
  );
  zip.file('index.html', '<!doctype html><title>SCO</title>');
  zip.file('assets/player.js', 'console.log(1)');
  return importPackage('sample', await zip.generateAsync({ type: 'uint8array' }));
}

const lrs = {
  endpoint: 'http://127.0.0.1:9/xapi/',
  writeAuth: 'Basic d3JpdGU6c2VjcmV0',
  readAuth: 'Basic cmVhZDpzZWNyZXQ=',
};

describe('preview LMS', () => {
  it('imports a package as an LMS does: title, launch file and mastery score from the manifest', async () => {
    const pkg = await samplePackage();
    expect(pkg).toMatchObject({
      name: 'sample',
      title: 'Law & order',
      launch: 'index.html',
      masteryScore: 80,
    });
  });

  it('refuses a zip without a manifest at its root, naming the problem', async () => {
    const zip = new JSZip();
    zip.file('course/imsmanifest.xml', '<manifest/>');
    await expect(importPackage('nested', await zip.generateAsync({ type: 'uint8array' }))).rejects.toThrow(
      new PackageImportError('nested: no imsmanifest.xml at the zip root'),
    );
  });

  it('lists packages and serves their files with the right content type', async () => {
    const app = createPreviewApp({ packages: [await samplePackage()], dataDir: null, lrs });
    const index = await request(app).get('/').expect(200);
    expect(index.text).toContain('href="/launch/sample"');
    await request(app)
      .get('/pkg/sample/assets/player.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await request(app).get('/pkg/sample/missing.js').expect(404);
    await request(app)
      .get('/runtime/scorm12.min.js')
      .expect(200)
      .expect(/Scorm12API/);
  });

  it('launches with xAPI launch parameters carrying the write-only credential, never the read one', async () => {
    const app = createPreviewApp({ packages: [await samplePackage()], dataDir: null, lrs });
    const page = await request(app).get('/launch/sample').expect(200);
    const config = JSON.parse(
      /<script type="application\/json" id="launch-config">(.*?)<\/script>/s.exec(page.text)![1]!,
    );
    const launch = new URL(config.launchUrl, 'http://lms.test');
    expect(launch.pathname).toBe('/pkg/sample/index.html');
    expect(launch.searchParams.get('endpoint')).toBe(lrs.endpoint);
    expect(launch.searchParams.get('auth')).toBe(lrs.writeAuth);
    expect(JSON.parse(launch.searchParams.get('actor')!)).toMatchObject({
      account: { name: 'preview-learner' },
    });
    expect(launch.searchParams.get('registration')).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.text).not.toContain(lrs.readAuth);
  });

  it('keeps committed CMI data across a restart when given a data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'preview-'));
    const packages = [await samplePackage()];
    const first = createPreviewApp({ packages, dataDir });
    await request(first).get('/api/attempts/sample').expect(404);
    const cmi = {
      core: { lesson_status: 'incomplete', lesson_location: 'm/p', exit: 'suspend' },
      suspend_data: '1|m/p||',
    };
    await request(first)
      .post('/api/attempts/sample')
      .send({ cmi })
      .expect(200, { result: true, errorCode: 0 });
    const second = createPreviewApp({ packages, dataDir });
    const stored = await request(second).get('/api/attempts/sample').expect(200);
    expect(stored.body).toMatchObject({ cmi, commits: 1 });
    await request(second).delete('/api/attempts/sample').expect(204);
    await request(createPreviewApp({ packages, dataDir })).get('/api/attempts/sample').expect(404);
  });

  it('answers a commit without CMI data with 400 and a JSON error', async () => {
    const app = createPreviewApp({ packages: [await samplePackage()], dataDir: null });
    const res = await request(app).post('/api/attempts/sample').send({ nothing: true }).expect(400);
    expect(res.body.message).toMatch(/"cmi" object/);
  });
});
